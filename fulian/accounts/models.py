from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from fulian.core.fields import table


class User(AbstractUser):
    """A person with an account. What she may see comes from her memberships (orgs.Membership)."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    # Who created the account in the UI: until she gives it a membership, only she (and superusers)
    # can find it in the user list.
    created_by = models.ForeignKey(
        "self",
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    Meta = table("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs) -> None:
        """A new password (set by her, a manager, the admin site or a command) or a deactivation ends
        every API token of the account, whichever code path saved it."""
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.revoke_all(self, reason=ApiToken.Reason.PASSWORD)
        if not self.is_active:
            ApiToken.revoke_all(self, reason=ApiToken.Reason.DEACTIVATED)


class ApiToken(models.Model):
    """An API token: only its SHA-256 hash is stored; the key itself is shown once, when it is issued."""

    class Reason(models.TextChoices):
        USER = "user", "本人撤销"
        MANAGER = "manager", "管理员撤销"
        PASSWORD = "password", "密码已修改"
        DEACTIVATED = "deactivated", "账号已停用"
        LIMIT = "limit", "超过令牌数量上限"

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50, blank=True)
    prefix = models.CharField("令牌开头", max_length=12, editable=False)
    key_hash = models.CharField("令牌哈希", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=20, choices=Reason.choices, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name="撤销人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    Meta = table(
        "API令牌",
        ordering=["-created_at", "-id"],
        indexes=[models.Index(fields=["user", "revoked_at", "expires_at"], name="apitoken_user_live")],
    )

    def __str__(self) -> str:
        return f"{self.name or 'API令牌'}（{self.prefix}…）"

    def is_live(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "已撤销"
        return "有效" if self.is_live() else "已过期"

    @classmethod
    def live(cls, now=None) -> models.QuerySet:
        return cls.objects.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    @classmethod
    def revoke_all(cls, user, *, reason: str, by=None) -> int:
        """End every live token of the user; returns how many."""
        now = timezone.now()
        return cls.live(now).filter(user=user).update(revoked_at=now, revoked_reason=reason, revoked_by=by)
