#!/usr/bin/python3
"""Writes the small workbooks tests/unit_xlsxread.c reads.

Run once from the top of the source tree, and again only to change them:

    /usr/bin/python3 tests/xlsx/make-fixtures.py

It needs openpyxl (Debian: python3-openpyxl) and LibreOffice (soffice).
openpyxl.xlsx is what openpyxl writes; libreoffice.xlsx is the same
workbook opened and saved again by LibreOffice, which computes the
formulas' values and writes its own styles; date1904.xlsx uses the 1904
date system.  The test knows what each cell holds: change both together.

It also writes the fuzzing seeds in tests/fuzz/xlsx/: the same workbooks
and a few minimal ones, their parts stored rather than deflated so that
the fuzzer's mutations reach the XML, without the parts gongshi never
reads (docProps, themes) to keep them small.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "fuzz", "xlsx")

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/"
          "relationships")
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
ROOT_RELS = ('<Relationships xmlns="%s"><Relationship Id="rId1" '
             'Type="%s/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>' % (NS_PKG, NS_REL))
BOOK_RELS = ('<Relationships xmlns="%s">'
             '<Relationship Id="rId1" Type="%s/worksheet" '
             'Target="/xl/worksheets/sheet1.xml"/>'
             '<Relationship Id="rId2" Type="%s/styles" Target="styles.xml"/>'
             '<Relationship Id="rId3" Type="%s/sharedStrings" '
             'Target="sharedStrings.xml"/></Relationships>'
             % (NS_PKG, NS_REL, NS_REL, NS_REL))
BOOK = ('<workbook xmlns="%s" xmlns:r="%s"><workbookPr date1904="0"/>'
        '<sheets><sheet name="收费标准" sheetId="1" r:id="rId1"/>'
        '<sheet name="图" sheetId="2" r:id="rId1" state="hidden"/></sheets>'
        '</workbook>' % (NS_MAIN, NS_REL))
STYLES = ('<styleSheet xmlns="%s"><numFmts count="3">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月'
          '&quot;d&quot;日&quot;"/><numFmt numFmtId="165" '
          'formatCode="#,##0.00;[Red]-#,##0.00"/><numFmt numFmtId="166" '
          'formatCode="[h]:mm:ss"/></numFmts><cellXfs count="6">'
          '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/>'
          '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/>'
          '</cellXfs></styleSheet>' % NS_MAIN)
SST = ('<sst xmlns="%s"><si><t>plain</t></si><si><r><t>停车</t></r>'
       '<r><t xml:space="preserve"> 费</t></r><rPh sb="0" eb="1"><t>x</t>'
       '</rPh></si><si><t>a_x000D_&#10;b_x005F_x0041_</t></si></sst>'
       % NS_MAIN)
SHEET = ('<worksheet xmlns="%s"><sheetData>'
         '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v>'
         '</c><c t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>行内</t>'
         '</is></c></row><row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v>'
         '</c><c s="1"><v>45626</v></c><c s="3"><v>45627.5</v></c>'
         '<c r="F2" t="str"><f>A1</f><v>plain</v></c><c r="G2" t="d">'
         '<v>2024-11-30</v></c></row><row r="4"><c r="B4" s="4">'
         '<v>0.35000000000000003</v></c><c r="A4"><v>-1E-3</v></c></row>'
         '</sheetData></worksheet>' % NS_MAIN)
PREFIXED = ('<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/'
            'spreadsheetml/main"><x:sheetData><x:row r="2"><x:c r="B2" '
            't="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>前缀'
            '</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')


def stored(path, parts):
    """A zip of (name, text) parts, stored, at path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts:
            z.writestr(name, text)


def stored_copy(src, dst):
    """src's parts that gongshi reads, stored, at dst."""
    with zipfile.ZipFile(src) as z:
        parts = [(n, z.read(n)) for n in z.namelist()
                 if not n.startswith(("docProps/", "xl/theme/"))]
    stored(dst, parts)


def seeds():
    os.makedirs(SEEDS, exist_ok=True)
    for name in ("openpyxl", "libreoffice", "date1904"):
        stored_copy(os.path.join(HERE, name + ".xlsx"),
                    os.path.join(SEEDS, "seed-" + name + ".xlsx"))
    common = [("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", BOOK),
              ("xl/_rels/workbook.xml.rels", BOOK_RELS),
              ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", SST)]
    stored(os.path.join(SEEDS, "seed-values.xlsx"),
           common + [("xl/worksheets/sheet1.xml", SHEET)])
    stored(os.path.join(SEEDS, "seed-prefixed.xlsx"),
           common + [("xl/worksheets/sheet1.xml", PREFIXED)])
    # Sheets alone: the harness packs them into a workbook.
    for name, xml in (("values", SHEET), ("prefixed", PREFIXED)):
        with open(os.path.join(SEEDS, "seed-sheet-%s.xml" % name), "w",
                  encoding="utf-8") as f:
            f.write(xml)
    stored(os.path.join(SEEDS, "seed-doctype.xlsx"),
           common[:4] + [("xl/sharedStrings.xml",
                          '<!DOCTYPE sst [<!ENTITY a "aaaa">]>' + SST),
                         ("xl/worksheets/sheet1.xml", SHEET)])


def fees_book():
    wb = Workbook()
    ws = wb.active
    ws.title = "收费标准"
    ws.append(["项目", "单价", "起始", "备注"])
    ws.append(["物业费", 1.85, datetime.date(2024, 11, 30),
               "第一行\n第二行"])
    ws.append(["停车费 & <管理>", 0.1 * 3.5, datetime.date(2025, 1, 1),
               "  前后空格  "])
    ws.append([True, False, "=1/0", None])
    ws.append([45627, "=B2*2", None, "_x000D_ is a carriage return"])
    ws["C2"].number_format = "mm-dd-yy"          # built-in 14
    ws["C3"].number_format = 'yyyy"年"m"月"d"日"'  # a custom date
    ws["B2"].number_format = "#,##0.00"          # a number, not a date
    other = wb.create_sheet("Fees 2026")
    other["AA100"] = "far away"
    other["B2"] = -12.5
    other.sheet_state = "hidden"
    return wb


def book_1904():
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = datetime.date(2024, 11, 30)
    ws["A1"].number_format = "mm-dd-yy"
    return wb


def main():
    if shutil.which("soffice") is None:
        sys.exit("make-fixtures.py: soffice (LibreOffice) is not installed")
    fees = os.path.join(HERE, "openpyxl.xlsx")
    fees_book().save(fees)
    book_1904().save(os.path.join(HERE, "date1904.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile, so a running LibreOffice is not disturbed.
        subprocess.run(["soffice", "-env:UserInstallation=file://" + tmp +
                        "/profile", "--headless", "--convert-to", "xlsx",
                        "--outdir", tmp + "/out", fees], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "out", "openpyxl.xlsx"),
                    os.path.join(HERE, "libreoffice.xlsx"))
    seeds()


if __name__ == "__main__":
    main()
