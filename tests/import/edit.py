# Edits a workbook from `gongshi export` as a clerk would, with openpyxl.
#   python3 edit.py MODE IN.xlsx OUT.xlsx
# MODE edits:   values changed, a fee added, a staff row deleted, a list
#               cell grown, a money cell holding text, a phone typed as
#               a number.
# MODE errors:  a three-decimal amount, a USCC typed as a number, an
#               emptied required cell, a bad phone, a date that is not.
# MODE new:     a new compound over several sheets.
# MODE drop:    huali-huayuan's 基本信息 row removed.
# MODE undisclosed-list: a fee's 序号 made 未公示 while another fee stays.
import datetime, sys
import openpyxl

mode, src, dst = sys.argv[1:4]
wb = openpyxl.load_workbook(src)


def keys(ws):
    return [c.value for c in ws[2]]


def row(ws, cid, idx=None):
    k = keys(ws)
    idcol = k.index("@id" if "@id" in k else "id") + 1
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, idcol).value != cid:
            continue
        if idx is None or ws.cell(r, idcol + 2).value == idx:
            return r
    raise SystemExit("no row for %s %s in %s" % (cid, idx, ws.title))


def put(sheet, cid, idx, key, value):
    ws = wb[sheet]
    ws.cell(row(ws, cid, idx), keys(ws).index(key) + 1).value = value


def add(sheet, values):
    ws = wb[sheet]
    k = keys(ws)
    n = ws.max_row + 1
    for key, v in values.items():
        ws.cell(n, k.index(key) + 1).value = v


if mode == "edits":
    put("收费项目及标准", "huaxia-diyuan", 1, "amount", 1.95)
    put("收费项目及标准", "huaxia-diyuan", 1, "note", "2026年调整（示例）")
    put("收费项目及标准", "huaxia-diyuan", 2, "amount", "2.30")
    add("收费项目及标准", {"@id": "huaxia-diyuan", "item": "装修垃圾清运费",
        "amount": "200", "unit": "元/户", "pricing": "市场调节价",
        "since": datetime.date(2026, 12, 1)})
    ws = wb["其他负责人员"]
    ws.delete_rows(row(ws, "huaxia-diyuan", 3))
    put("物业服务企业", "huaxia-diyuan", None, "manager.phone", 13800000699)
    put("基本信息", "huaxia-diyuan", None, "aliases",
        "华夏帝苑小区\n华夏山青\n帝苑")
    put("项目概况", "heping-xincun", None, "households", 1234)
    put("专项维修资金", "heping-xincun", None, "as_of",
        datetime.date(2026, 11, 30))
elif mode == "errors":
    put("收费项目及标准", "huaxia-diyuan", 1, "amount", 1.955)
    put("收费项目及标准", "heping-xincun", 1, "unit", None)
    put("物业服务企业", "heping-xincun", None, "uscc", 913701020000000000)
    put("物业服务企业", "huaxia-diyuan", None, "hotline_24h", "0531-123")
    put("专项维修资金", "heping-xincun", None, "as_of", "去年年底")
elif mode == "new":
    add("基本信息", {"schema": 2, "id": "xin-yuan", "name": "新苑小区",
        "address": "历下区示例路1号", "community": "370102010003",
        "data_as_of": datetime.date(2026, 11, 30)})
    add("物业服务企业", {"@id": "xin-yuan", "name": "济南示例物业有限公司",
        "hotline_24h": "0531-00009901", "complaint_phone": "0531-00009902",
        "manager.name": "王某", "manager.phone": "13800009901"})
    add("收费项目及标准", {"@id": "xin-yuan", "#fees": 1,
        "item": "物业服务费", "amount": 1.5, "unit": "元/平方米·月",
        "pricing": "市场调节价"})
    add("业主自治组织", {"@id": "xin-yuan", "status": "未成立"})
    add("监管部门", {"@id": "xin-yuan", "#supervision": 1,
        "id": "jianxin-jiedao"})
    add("监管部门", {"@id": "xin-yuan", "#supervision": 2,
        "name": "示例社区居委会", "phone": "0531-00009903",
        "duties": "日常巡查\n受理投诉"})
elif mode == "undisclosed-list":
    put("收费项目及标准", "huali-huayuan", 1, "#fees", "未公示")
elif mode == "drop":
    ws = wb["基本信息"]
    ws.delete_rows(row(ws, "huali-huayuan"))
else:
    raise SystemExit("unknown mode " + mode)
wb.save(dst)
