from django.utils.functional import SimpleLazyObject


def email_verification(request):
    """`unconfirmed_email`: the signed-in user's address while it awaits confirmation (the
    Today page asks for it; reminders wait for it), else "". Read only by pages that use it."""

    def unconfirmed() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.has_verified_email:
            return ""
        return user.email

    return {"unconfirmed_email": SimpleLazyObject(unconfirmed)}
