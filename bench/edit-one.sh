#!/bin/sh
# Changes one record the way a clerk would, so that every run of a
# "one record changed" row has a change to find: its data_as_of goes
# back and forth between two days.
#   sh bench/edit-one.sh FILE
set -eu
f=$1
if grep -q '^data_as_of: 2026-11-01$' "$f"; then
	d=2026-11-02
else
	d=2026-11-01
fi
sed -i "s/^data_as_of: .*/data_as_of: $d/" "$f"
