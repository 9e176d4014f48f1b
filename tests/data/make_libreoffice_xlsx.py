"""Write tests/data/members-libreoffice.xlsx: a member file saved by LibreOffice Calc.

LibreOffice writes XLSX its own way (row and cell attributes in its order, shared strings with
``xml:space``, its own style table; ISO dates typed in the CSV become date-formatted numbers,
years become numbers). The committed file was made by this script, which needs ``soffice``
(Debian: ``apt-get install libreoffice-calc-nogui``):

    .venv/bin/python tests/data/make_libreoffice_xlsx.py
"""

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "members-libreoffice.xlsx"
HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội",
          "Mã hộ", "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]
BRANCH = "CH-31135.01-PN"  # the test cast's Women's Union branch in village A1
ROWS = [
    ["LO1", "Đặng Thị Ánh", "Nữ", "1985", "Kinh", "", BRANCH, "", "2020-03-01", "", "có", "không"],
    ["LO2", "Trương Văn Bình", "Nam", "1990", "Khmer", "", BRANCH, "", "2021-12-31", "2024-06-30", "không", "có"],
    ["LO3", "Lê Thị <Bé> & Em", "Nữ", "2001", "", "", BRANCH, "", "", "", "", ""],
]


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "members-libreoffice.csv"
        with source.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([HEADER, *ROWS])
        subprocess.run(  # noqa: S603 — a fixed command
            [soffice, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
             "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.copy(Path(work) / "members-libreoffice.xlsx", OUT)
    print(OUT)


if __name__ == "__main__":
    main()
