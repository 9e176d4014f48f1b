"""``danvan token create USERNAME [--name N]``: issue an API bearer token; ``token list``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.accounts.models import ApiToken, User
from danvan.core import audit
from danvan.core.context import actor
from danvan.core.models import ChangeAction


class Command(BaseCommand):
    help = "Mã truy cập API: 'create' cấp mã mới cho một người dùng (in ra một lần); 'list' liệt kê."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Cấp mã truy cập / issue a token")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Tên gợi nhớ của mã")
        listing = sub.add_parser("list", help="Liệt kê mã / list tokens")
        listing.add_argument("username", nargs="?", default="")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        with actor(None, source="command"):
            if action == "create":
                user = User.objects.filter(username=username).first()
                if user is None:
                    raise CommandError(f"Không có người dùng '{username}'.")
                if not user.is_active:
                    raise CommandError(f"Người dùng '{username}' đã bị khóa.")
                token, raw = ApiToken.issue(user, name=options["name"])
                audit.record(ChangeAction.CREATE, token, after={"user": username, "name": token.name,
                                                                "prefix": token.prefix})
                self.stderr.write(f"Đã cấp mã truy cập cho '{username}' (chỉ hiện một lần; dùng: "
                                  "Authorization: Bearer <mã>):")
                self.stdout.write(raw)
            else:
                tokens = ApiToken.objects.select_related("user").order_by("user__username", "created")
                if username:
                    tokens = tokens.filter(user__username=username)
                for token in tokens:
                    used = f"{token.last_used:%d/%m/%Y %H:%M}" if token.last_used else "chưa dùng"
                    self.stdout.write(f"{token.user.username}\t{token.prefix}…\t{token.name}\t"
                                      f"{token.created:%d/%m/%Y}\t{used}")
