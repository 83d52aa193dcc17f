# Edits a workbook the way a clerk would in LibreOffice Calc, through
# LibreOffice itself (headless, driven over UNO), and saves it as .xlsx.
#   python3 lo_edit.py IN.xlsx OUT.xlsx PROFILE-DIR
# Edits: the first fee of huaxia-diyuan costs 1.90, a new fee row is
# added under the last one, and a steward's phone is typed as a number.
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

src, dst, profile = (os.path.abspath(a) for a in sys.argv[1:4])
pipe = "gongshi_lo_%d" % os.getpid()
office = subprocess.Popen([
    "soffice", "--headless", "--invisible", "--norestore", "--nologo",
    "-env:UserInstallation=file://" + profile,
    "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    else:
        sys.exit("LibreOffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src),
        "_blank", 0, (prop("Hidden", True),))
    sheets = doc.Sheets

    def keys(sheet):
        out, c = [], 0
        while True:
            v = sheet.getCellByPosition(c, 1).getString()
            if not v:
                return out
            out.append(v)
            c += 1

    def rows(sheet, idcol=0):
        r = 2
        while sheet.getCellByPosition(idcol, r).getString():
            yield r
            r += 1

    fees = sheets.getByName("收费项目及标准")
    k = keys(fees)
    last = None
    for r in rows(fees):
        if fees.getCellByPosition(0, r).getString() != "huaxia-diyuan":
            continue
        if fees.getCellByPosition(2, r).getValue() == 1:
            fees.getCellByPosition(k.index("amount"), r).setValue(1.90)
        last = r
    # A new fee: a row inserted under huaxia-diyuan's last one.
    fees.Rows.insertByIndex(last + 1, 1)
    n = last + 1
    fees.getCellByPosition(k.index("@id"), n).setString("huaxia-diyuan")
    fees.getCellByPosition(k.index("item"), n).setString("电动自行车充电费")
    fees.getCellByPosition(k.index("amount"), n).setValue(1.0)
    fees.getCellByPosition(k.index("unit"), n).setString("元/次")
    fees.getCellByPosition(k.index("pricing"), n).setString("市场调节价")

    grid = sheets.getByName("网格员与红色管家")
    k = keys(grid)
    for r in rows(grid):
        if (grid.getCellByPosition(0, r).getString() == "heping-xincun" and
                grid.getCellByPosition(2, r).getValue() == 1):
            grid.getCellByPosition(k.index("steward.phone"), r).setValue(
                13900001099.0)

    doc.storeToURL(uno.systemPathToFileUrl(dst),
        (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
