"""Loading the national unit lists, offline, from the ``vietnam-provinces`` package."""

import datetime as dt
from collections.abc import Callable

from django.db import models, transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from .choices import Level, UnitKind
from .models import AdminUnit, UnitSuccession

REFORM = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)
COUNTRY_KEY = "VN"

_KINDS = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
    "thị trấn": UnitKind.TOWNSHIP,
    "huyện": UnitKind.DISTRICT,
    "quận": UnitKind.URBAN_DISTRICT,
    "thành phố": UnitKind.PROVINCIAL_CITY,
    "thị xã": UnitKind.TOWN,
}


def province_code(code: int) -> str:
    return f"{int(code):02d}"


def district_code(code: int) -> str:
    return f"{int(code):03d}"


def commune_code(code: int) -> str:
    return f"{int(code):05d}"


def legacy_key(code: str) -> str:
    return f"L{code}"


def country() -> AdminUnit:
    unit, _ = AdminUnit.objects.get_or_create(
        key=COUNTRY_KEY,
        defaults={"code": COUNTRY_KEY, "name": "Việt Nam", "kind": UnitKind.COUNTRY, "level": Level.COUNTRY},
    )
    return unit


def _bulk(units: list[AdminUnit]) -> dict[str, AdminUnit]:
    for unit in units:
        unit.fill_derived()
    AdminUnit.objects.bulk_create(units, batch_size=2000)
    keys = [u.key for u in units]
    # Provinces and communes point at themselves; that needs their new ids.
    AdminUnit.objects.filter(key__in=keys, level=Level.PROVINCE).update(province_id=models.F("id"))
    AdminUnit.objects.filter(key__in=keys, level=Level.COMMUNE).update(commune_id=models.F("id"))
    return {u.key: u for u in AdminUnit.objects.filter(key__in=keys)}


@transaction.atomic
def load_units(progress: Callable[[str], None] = lambda message: None) -> dict[str, int]:
    """Create (once) every current and legacy unit and the legacy → current succession.

    Idempotent: units already present are left alone, so a second run changes nothing.
    """
    root = country()
    existing = set(AdminUnit.objects.values_list("key", flat=True))
    counts = {"provinces": 0, "communes": 0, "legacy_provinces": 0, "legacy_districts": 0,
              "legacy_communes": 0, "successions": 0}

    # Current tree (1 July 2025).
    new = [
        AdminUnit(key=province_code(p.code), code=province_code(p.code), name=p.name,
                  kind=_KINDS[str(p.division_type)], level=Level.PROVINCE, parent=root, valid_from=REFORM)
        for p in Province.iter_all() if province_code(p.code) not in existing
    ]
    provinces = _bulk(new) if new else {}
    counts["provinces"] = len(new)
    provinces |= {u.key: u for u in AdminUnit.objects.filter(level=Level.PROVINCE, is_legacy=False)}
    progress("provinces")
    new = [
        AdminUnit(key=commune_code(w.code), code=commune_code(w.code), name=w.name,
                  kind=_KINDS[str(w.division_type)], level=Level.COMMUNE,
                  parent=provinces[province_code(w.province_code)], valid_from=REFORM)
        for w in Ward.iter_all() if commune_code(w.code) not in existing
    ]
    if new:
        _bulk(new)
    counts["communes"] = len(new)
    progress("communes")

    # Legacy tree (until 30 June 2025): 63 provinces, districts, communes.
    new = [
        AdminUnit(key=legacy_key(province_code(p.code)), code=province_code(p.code), name=p.name,
                  kind=_KINDS[str(p.division_type)], level=Level.PROVINCE, parent=root, is_legacy=True,
                  valid_to=LEGACY_END)
        for p in LegacyProvince.iter_all() if legacy_key(province_code(p.code)) not in existing
    ]
    if new:
        _bulk(new)
    counts["legacy_provinces"] = len(new)
    legacy_provinces = {u.key: u for u in AdminUnit.objects.filter(level=Level.PROVINCE, is_legacy=True)}
    new = [
        AdminUnit(key=legacy_key(district_code(d.code)), code=district_code(d.code), name=d.name,
                  kind=_KINDS[str(d.division_type)], level=Level.DISTRICT,
                  parent=legacy_provinces[legacy_key(province_code(d.province_code))], is_legacy=True,
                  valid_to=LEGACY_END)
        for d in LegacyDistrict.iter_all() if legacy_key(district_code(d.code)) not in existing
    ]
    if new:
        _bulk(new)
    counts["legacy_districts"] = len(new)
    districts = {u.key: u for u in AdminUnit.objects.filter(level=Level.DISTRICT)}
    new = [
        AdminUnit(key=legacy_key(commune_code(w.code)), code=commune_code(w.code), name=w.name,
                  kind=_KINDS[str(w.division_type)], level=Level.COMMUNE,
                  parent=districts[legacy_key(district_code(w.district_code))], is_legacy=True,
                  valid_to=LEGACY_END)
        for w in LegacyWard.iter_all() if legacy_key(commune_code(w.code)) not in existing
    ]
    if new:
        _bulk(new)
    counts["legacy_communes"] = len(new)
    progress("legacy")

    # Succession, legacy → current.
    ids = dict(AdminUnit.objects.filter(level__in=[Level.PROVINCE, Level.COMMUNE]).values_list("key", "id"))
    done = set(UnitSuccession.objects.values_list("legacy_id", "current_id"))
    links: list[UnitSuccession] = []
    for old, entry in province_conversion.OLD_TO_NEW.items():
        for target in entry.new_provinces:
            pair = (ids[legacy_key(province_code(old))], ids[province_code(target.code)])
            if pair not in done:
                links.append(UnitSuccession(legacy_id=pair[0], current_id=pair[1],
                                            partial=len(entry.new_provinces) > 1, effective=REFORM))
    for old, entry in ward_conversion.OLD_TO_NEW.items():
        old_id = ids.get(legacy_key(commune_code(old)))
        for target in entry.new_wards:
            new_id = ids.get(commune_code(target.code))
            if old_id is None or new_id is None or (old_id, new_id) in done:
                continue
            links.append(UnitSuccession(legacy_id=old_id, current_id=new_id,
                                        partial=entry.old_ward.is_partly_merged, effective=REFORM))
    UnitSuccession.objects.bulk_create(links, batch_size=5000)
    counts["successions"] = len(links)
    progress("succession")
    return counts
