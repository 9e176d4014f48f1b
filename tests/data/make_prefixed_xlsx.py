"""Write tests/data/members-prefixed.xlsx: a member file spelled as .NET's OpenXML SDK spells it.

Every SpreadsheetML element carries the ``x:`` prefix (``<x:row>``, ``<x:c>``, ``<x:v>``,
``<x:si>``, ``<x:is>``…), attributes come in other orders than openpyxl's (``<x:c t="s" r="A1">``,
``<x:sheet r:id=… name=…>``, ``<x:numFmt formatCode=… numFmtId=…>``), one cell uses single quotes,
one row has cells without ``r``, strings are both shared (one with rich-text runs and a phonetic
guide) and inline, and the joining date is a number with a custom ``dd/mm/yyyy`` format.
The zip is built by hand with fixed timestamps, so the output is the same on every run:

    .venv/bin/python tests/data/make_prefixed_xlsx.py
"""

import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("members-prefixed.xlsx")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội",
          "Mã hộ", "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]
BRANCH = "CH-31135.01-PN"  # the test cast's Women's Union branch in village A1
# Shared strings: the header, then values used by the rows below.
SHARED = [*HEADER, "Nữ", "Nam", BRANCH, "Kinh", "Nguyễn Văn Hải"]
S = {text: index for index, text in enumerate(SHARED)}


def si(text: str) -> str:
    if text == "Họ và tên":  # rich text runs and a phonetic guide, as Excel writes for some input
        return ('<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>Họ và </x:t></x:r><x:r><x:t>tên</x:t></x:r>'
                '<x:rPh sb="0" eb="1"><x:t>ホ</x:t></x:rPh></x:si>')
    return f"<x:si><x:t>{text}</x:t></x:si>"


def shared(ref: str, text: str) -> str:
    return f'<x:c t="s" r="{ref}"><x:v>{S[text]}</x:v></x:c>'


def inline(ref: str, text: str) -> str:
    return f'<x:c t="inlineStr" r="{ref}"><x:is><x:t xml:space="preserve">{text}</x:t></x:is></x:c>'


def number(ref: str, value: str, style: int | None = None) -> str:
    return f'<x:c{f" s={chr(34)}{style}{chr(34)}" if style is not None else ""} r="{ref}"><x:v>{value}</x:v></x:c>'


ROWS = [
    "".join(shared(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER)),
    # 1 March 2020 is serial 43891; the date style is cellXfs index 1.
    "".join([inline("A2", "PX1"), inline("B2", "Trần Thị &lt;Bé&gt; &amp; Em"), shared("C2", "Nữ"),
             number("D2", "1985"), shared("E2", "Kinh"), inline("F2", "0912345678"), shared("G2", BRANCH),
             number("I2", "43891", style=1), '<x:c r="K2" t="b"><x:v>1</x:v></x:c>', inline("L2", "không")]),
    # Single-quoted attributes, a shared-string name, a date cell and a boolean false.
    "".join([inline("A3", "PX2"), f"<x:c t='s' r='B3'><x:v>{S['Nguyễn Văn Hải']}</x:v></x:c>",
             shared("C3", "Nam"), number("D3", "1990"), shared("G3", BRANCH), number("I3", "44197", style=1),
             '<x:c t="b" r="K3"><x:v>0</x:v></x:c>']),
    # Cells without r: sequential from column A.
    "".join(["<x:c t=\"inlineStr\"><x:is><x:t>PX3</x:t></x:is></x:c>",
             "<x:c t=\"inlineStr\"><x:is><x:t>Lê Văn Tám</x:t></x:is></x:c>",
             f"<x:c t=\"s\"><x:v>{S['Nam']}</x:v></x:c>", "<x:c><x:v>1979</x:v></x:c>",
             f"<x:c t=\"s\"><x:v>{S['Kinh']}</x:v></x:c>", "<x:c/>",
             f"<x:c t=\"s\"><x:v>{S[BRANCH]}</x:v></x:c>"]),
]

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Type="{REL}/officeDocument" Target="/xl/workbook.xml" Id="R0"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Type="{REL}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="R5f3a"/>'
        f'<Relationship Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml" Id="R9c1b"/>'
        f'<Relationship Target="/xl/styles.xml" Id="R2d7e" Type="{REL}/styles"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:r="{REL}" xmlns:x="{MAIN}">'
        '<x:sheets><x:sheet r:id="R5f3a" sheetId="1" name="Hội viên"/></x:sheets></x:workbook>'
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="utf-8"?><x:styleSheet xmlns:x="{MAIN}">'
        '<x:numFmts count="1"><x:numFmt formatCode="dd/mm/yyyy" numFmtId="164"/></x:numFmts>'
        '<x:fonts count="1"><x:font/></x:fonts><x:fills count="1"><x:fill><x:patternFill patternType="none"/></x:fill></x:fills>'
        '<x:borders count="1"><x:border/></x:borders>'
        '<x:cellStyleXfs count="1"><x:xf/></x:cellStyleXfs>'
        '<x:cellXfs count="2"><x:xf fontId="0" numFmtId="0"/><x:xf applyNumberFormat="1" numFmtId="164" fontId="0"/>'
        '</x:cellXfs><x:cellStyles count="1"><x:cellStyle builtinId="0" xfId="0" name="Normal"/></x:cellStyles>'
        "</x:styleSheet>"
    ),
    "xl/sharedStrings.xml": (
        f'<?xml version="1.0" encoding="utf-8"?><x:sst xmlns:x="{MAIN}" count="{len(SHARED)}" '
        f'uniqueCount="{len(SHARED)}">{"".join(si(t) for t in SHARED)}</x:sst>'
    ),
    "xl/worksheets/sheet1.xml": (
        f'<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:r="{REL}" xmlns:x="{MAIN}"><x:sheetData>'
        + "".join(f'<x:row r="{n}">{cells}</x:row>' if n != 4 else f"<x:row>{cells}</x:row>"
                  for n, cells in enumerate(ROWS, start=1))
        + "</x:sheetData></x:worksheet>"
    ),
}


def main() -> None:
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    print(OUT)


if __name__ == "__main__":
    main()
