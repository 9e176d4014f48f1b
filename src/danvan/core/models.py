"""Shared bases: scoped records, rows that follow a scoped record's province, and the audit trail."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import bulk
from .scope import ScopedQuerySet
from .text import fold, sort_key


def province_key() -> models.ForeignKey:
    """The row's province (``province_id``), the future distribution key (docs/scaling.md): copied
    on write, never edited, not indexed and not constrained (bulk writes stay cheap)."""
    return models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", editable=False,
        db_index=False, db_constraint=False,
    )


def province_of_path(path: str) -> int | None:
    """The province of the unit at ``path`` (None for the country, an unknown or empty path)."""
    if not path:
        return None
    unit_model = apps.get_model("geo", "AdminUnit")  # core imports no app
    return unit_model.objects.filter(path=path).values_list("province_id", flat=True).first()


class ScopedModel(models.Model):
    """A record placed in one administrative unit.

    Besides its ``unit`` it keeps the unit's path and its province and commune (denormalized,
    as NetBox's CachedScopeMixin), so scope and reports filter without walking the tree, and
    ``province`` is ready as a distribution key.
    """

    # Scope and lists filter on unit_path; an index on unit_id would only serve the rare PROTECT
    # check when a unit is deleted, and every bulk import would pay for it.
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    # Not indexed: scope filters on unit_path and reports read the fact ledger; fewer indexes
    # keep bulk imports fast.
    province = province_key()
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", editable=False,
        db_index=False, db_constraint=False,
    )
    created = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Optimistic locking: every update adds one (``services.save_record`` and bulk updates); an
    # edit made from an older version is refused (``services.EditConflict``). ``db_default`` lets
    # bulk inserts leave the column out.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, db_default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit_path"
    scope_org_kind_field: str | None = None
    # The field (or ``a__b`` path) whose day places the record in a reporting period: a record
    # dated inside a signed-off (locked) period of its unit cannot be created, changed or deleted
    # (``core.locks``). None: the record is not locked by periods (registers are continuous stocks).
    lock_date_field: str | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.place()
        super().save(*args, **kwargs)

    def place(self) -> None:
        """Copy the unit's scope keys; called on save and by bulk loaders."""
        unit = self.unit
        self.unit_path = unit.path
        self.province_id = unit.province_id
        self.commune_id = unit.commune_id


class ProvinceChild(models.Model):
    """A row belonging to one scoped record (a move in its history, a photo of it): it carries the
    record's province, so it lives on the record's shard (docs/scaling.md).

    ``save`` copies it from the record named by :meth:`province_parent`; rows written by
    ``core.bulk`` get it in the same transaction, in one UPDATE per flush (:func:`fill_province`).
    """

    province = province_key()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None and (parent := self.province_parent()):
            self.province_id = getattr(getattr(self, parent), "province_id", None)
        super().save(*args, **kwargs)

    @classmethod
    def province_parent(cls) -> str:
        """The foreign key to the record whose province the row takes ("" when unknown)."""
        raise NotImplementedError


def province_from_parent_sql(model: Any, parent_field: str, where: str, db: Any = connection) -> str:
    """UPDATE setting ``model``'s province_id to its parent record's, for the rows matching ``where``.

    Works on historical models too (migrations backfill with it)."""
    qn = db.ops.quote_name
    fk = model._meta.get_field(parent_field)
    table, parent = qn(model._meta.db_table), fk.related_model._meta
    return (f"UPDATE {table} SET province_id = (SELECT p.province_id FROM {qn(parent.db_table)} p "  # noqa: S608
            f"WHERE p.{qn(parent.pk.column)} = {table}.{qn(fk.column)}) WHERE {where}")


def fill_province(model: type[ProvinceChild], where: str = "province_id IS NULL", params: Any = ()) -> None:
    """Give the rows of ``model`` matching ``where`` their parent record's province, in one statement."""
    parent = model.province_parent()
    if parent:
        with connection.cursor() as cursor:
            cursor.execute(province_from_parent_sql(model, parent, where), params)


def _fill_bulk_written(sender: type[models.Model], first_id: int | None = None, last_id: int | None = None,
                       **kwargs: Any) -> None:
    if first_id is not None and issubclass(sender, ProvinceChild):
        fill_province(sender, "id BETWEEN %s AND %s AND province_id IS NULL", [first_id, last_id])


bulk.bulk_written.connect(_fill_bulk_written, dispatch_uid="core_province_children")


def backfill_province(app_label: str, model_name: str, parent_field: str) -> Any:
    """A migration operation giving existing rows of a :class:`ProvinceChild` their record's province."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        schema_editor.execute(province_from_parent_sql(model, parent_field, "province_id IS NULL",
                                                       schema_editor.connection))

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


def backfill_province_from_path(app_label: str, model_name: str) -> Any:
    """A migration operation giving existing rows their unit's province, found by ``unit_path``."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        qn = schema_editor.connection.ops.quote_name
        table = qn(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(
            f"UPDATE {table} SET province_id = (SELECT u.province_id FROM geo_adminunit u "  # noqa: S608
            f"WHERE u.path = {table}.unit_path) WHERE province_id IS NULL AND unit_path <> ''")

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


code_validator = RegexValidator(r"^[0-9A-Za-z._-]+$", _("Mã chỉ gồm chữ không dấu, chữ số và . _ -"))


class NamedMixin(models.Model):
    """A name with its stored search (folded) and sort keys."""

    # Searched with LIKE '%…%', which no B-tree index serves; sorting uses name_sort.
    name_folded = models.CharField(max_length=200, editable=False)
    name_sort = models.CharField(max_length=250, db_index=True, editable=False)

    class Meta:
        abstract = True

    name_source = "name"

    def fill_names(self) -> None:
        value = getattr(self, self.name_source)
        self.name_folded = fold(value)
        self.name_sort = sort_key(value)

    def place(self) -> None:
        super().place()  # type: ignore[misc]
        self.fill_names()


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    IMPORT = "import", _("Nhập tệp")
    EXPORT = "export", _("Xuất dữ liệu")
    RESTORE = "restore", _("Khôi phục")
    ACCESS = "access", _("Xem dữ liệu nhạy cảm")
    LOCK = "lock", _("Khóa / mở khóa kỳ")
    JOB = "job", _("Tác vụ nền")


class ChangeRecord(models.Model):
    """One entry of the audit trail: who did what to which record, with before and after."""

    time = models.DateTimeField(_("thời gian"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    source = models.CharField(max_length=20, blank=True)
    action = models.CharField(_("thao tác"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    province = province_key()  # the province of unit_path (``audit.record``); None for the country
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # What the entry needs beyond before/after: a deletion keeps every row that went with the
    # record (to restore it), an import its job (to reach the file's rows).
    payload = models.JSONField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit_path"

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_change_object_idx")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    """A background job (``core.jobs``): an import, a ledger rebuild, a report build.

    The row is the job's truth for the pages: its state, progress, result and every error. It is
    placed at the requesting user's unit path, so a user sees the jobs of their scope (and their own).
    """

    kind = models.CharField(_("loại"), max_length=40)
    label = models.CharField(_("tên"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(_("người tạo"), max_length=150, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    province = province_key()  # the province of unit_path (``jobs.start``); None for the country
    state = models.CharField(_("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveBigIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveBigIntegerField(_("tổng"), null=True, blank=True)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    started = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit_path"

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.label}"
