"""Discord's request-body limits, reported as Discord does (400, code 50035, ``errors``)."""

from __future__ import annotations

from typing import Any

from .errors import CANNOT_SEND_EMPTY, ApiError

IS_COMPONENTS_V2 = 1 << 15
MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_ACTION_ROWS = 5
MAX_ROW_WIDTH = 5
MAX_V2_COMPONENTS = 40
MAX_CHOICES = 25


class ErrorTree:
    """Collects errors under paths like ``("embeds", 0, "title")`` into Discord's nested shape."""

    def __init__(self, prefix: tuple[str | int, ...] = ()) -> None:
        self.prefix = prefix
        self.tree: dict[str, Any] = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for part in (*self.prefix, *path):
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, path: tuple[str | int, ...], limit: int) -> None:
        self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: tuple[str | int, ...]) -> None:
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def raise_if_any(self) -> None:
        if self.tree:
            raise ApiError.invalid_form(self.tree)


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _check_embeds(embeds: Any, errors: ErrorTree) -> None:
    if not isinstance(embeds, list):
        return
    if len(embeds) > MAX_EMBEDS:
        errors.too_long(("embeds",), MAX_EMBEDS)
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        for key, limit in (("title", 256), ("description", 4096)):
            if _text_len(embed.get(key)) > limit:
                errors.too_long(("embeds", i, key), limit)
            total += _text_len(embed.get(key))
        for key, inner, limit in (("footer", "text", 2048), ("author", "name", 256)):
            part = embed.get(key) or {}
            if _text_len(part.get(inner)) > limit:
                errors.too_long(("embeds", i, key, inner), limit)
            total += _text_len(part.get(inner))
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.too_long(("embeds", i, "fields"), 25)
        for j, fld in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                value = fld.get(key)
                if not isinstance(value, str) or value == "":
                    errors.required(("embeds", i, "fields", j, key))
                elif len(value) > limit:
                    errors.too_long(("embeds", i, "fields", j, key), limit)
                total += _text_len(value)
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ("embeds",),
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
        )


def _walk_custom_ids(
    comp: Any, path: tuple[str | int, ...], errors: ErrorTree, seen: set[str]
) -> int:
    """Check custom_id length and uniqueness in ``comp`` and below; return the count."""
    if not isinstance(comp, dict):
        return 0
    count = 1
    custom_id = comp.get("custom_id")
    if isinstance(custom_id, str):
        if len(custom_id) > 100:
            errors.too_long((*path, "custom_id"), 100)
        if custom_id in seen:
            errors.add(
                (*path, "custom_id"),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            )
        seen.add(custom_id)
    children = comp.get("components")
    if isinstance(children, list):
        for i, child in enumerate(children):
            count += _walk_custom_ids(child, (*path, "components", i), errors, seen)
    for key in ("accessory", "component"):  # section accessory, label child
        count += _walk_custom_ids(comp.get(key), (*path, key), errors, seen)
    return count


def _check_custom_ids(components: list[Any], errors: ErrorTree) -> int:
    seen: set[str] = set()
    return sum(
        _walk_custom_ids(c, ("components", i), errors, seen) for i, c in enumerate(components)
    )


def _check_legacy_rows(components: list[Any], errors: ErrorTree) -> None:
    if len(components) > MAX_ACTION_ROWS:
        errors.too_long(("components",), MAX_ACTION_ROWS)
    for i, row in enumerate(components):
        if not isinstance(row, dict) or row.get("type") != 1:
            errors.add(
                ("components", i, "type"),
                "UNION_TYPE_CHOICES",
                'Value of field "type" must be one of (1,).',
            )
            continue
        children = row.get("components") or []
        if not children:
            errors.add(
                ("components", i, "components"),
                "BASE_TYPE_MIN_LENGTH",
                "Must be 1 or more in length.",
            )
        if len(children) > MAX_ROW_WIDTH:
            errors.too_long(("components", i, "components"), MAX_ROW_WIDTH)
            continue
        width = sum(
            1 if c.get("type") == 2 else MAX_ROW_WIDTH for c in children if isinstance(c, dict)
        )
        if width > MAX_ROW_WIDTH:
            errors.add(
                ("components", i, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        for j, comp in enumerate(children):
            _check_component(comp, errors, ("components", i, "components", j))


def _check_component(comp: Any, errors: ErrorTree, path: tuple[str | int, ...]) -> None:
    if not isinstance(comp, dict):
        return
    ctype = comp.get("type")
    if ctype == 2:  # button
        if _text_len(comp.get("label")) > 80:
            errors.too_long((*path, "label"), 80)
        style = comp.get("style")
        if style == 5:
            if not comp.get("url"):
                errors.required((*path, "url"))
        elif style != 6 and not comp.get("custom_id"):
            errors.required((*path, "custom_id"))
    elif ctype in (3, 5, 6, 7, 8):  # selects
        options = comp.get("options")
        if ctype == 3:
            if not options:
                errors.required((*path, "options"))
            elif len(options) > 25:
                errors.too_long((*path, "options"), 25)
        if _text_len(comp.get("placeholder")) > 150:
            errors.too_long((*path, "placeholder"), 150)
        if not comp.get("custom_id"):
            errors.required((*path, "custom_id"))


def _check_allowed_mentions(allowed: Any, errors: ErrorTree) -> None:
    if not isinstance(allowed, dict):
        return
    parse = allowed.get("parse") or []
    for kind in ("users", "roles"):
        explicit = allowed.get(kind)
        if explicit and kind in parse:
            errors.add(
                ("allowed_mentions",),
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
            )
        if explicit and len(explicit) > 100:
            errors.too_long(("allowed_mentions", kind), 100)
    for i, kind in enumerate(parse):
        if kind not in ("users", "roles", "everyone"):
            errors.add(
                ("allowed_mentions", "parse", i),
                "ENUM_TYPE_COERCE",
                f'Value "{kind}" is not a valid enum value.',
            )


def check_message(
    body: dict[str, Any],
    *,
    prefix: tuple[str | int, ...] = (),
    creating: bool,
    has_files: bool = False,
) -> None:
    """Validate a message body (create, edit, interaction message, webhook). Raises ApiError."""
    errors = ErrorTree(prefix)
    flags = body.get("flags") or 0
    content = body.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        errors.too_long(("content",), MAX_CONTENT)
    _check_embeds(body.get("embeds"), errors)
    components = body.get("components")
    if isinstance(components, list):
        if flags & IS_COMPONENTS_V2:
            if content or body.get("embeds"):
                errors.add(
                    ("content" if content else "embeds",),
                    "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                    "The 'content' and 'embeds' fields cannot be used when using components v2",
                )
            total = _check_custom_ids(components, errors)
            if total > MAX_V2_COMPONENTS:
                errors.too_long(("components",), MAX_V2_COMPONENTS)
        else:
            _check_legacy_rows(components, errors)
            _check_custom_ids(components, errors)
    _check_allowed_mentions(body.get("allowed_mentions"), errors)
    errors.raise_if_any()
    if (
        creating
        and not has_files
        and not any(
            body.get(key)
            for key in ("content", "embeds", "components", "sticker_ids", "poll", "attachments")
        )
    ):
        raise ApiError(400, CANNOT_SEND_EMPTY, "Cannot send an empty message")


def check_autocomplete(data: dict[str, Any]) -> None:
    errors = ErrorTree(("data",))
    choices = data.get("choices")
    if not isinstance(choices, list):
        errors.required(("choices",))
    else:
        if len(choices) > MAX_CHOICES:
            errors.too_long(("choices",), MAX_CHOICES)
        for i, choice in enumerate(choices):
            name = choice.get("name") if isinstance(choice, dict) else None
            if not isinstance(name, str) or not 1 <= len(name) <= 100:
                errors.add(
                    ("choices", i, "name"),
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                )
            value = choice.get("value") if isinstance(choice, dict) else None
            if isinstance(value, str) and len(value) > 100:
                errors.too_long(("choices", i, "value"), 100)
    errors.raise_if_any()


def check_modal(data: dict[str, Any]) -> None:
    errors = ErrorTree(("data",))
    title = data.get("title")
    if not isinstance(title, str) or not 1 <= len(title) <= 45:
        errors.add(("title",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
    custom_id = data.get("custom_id")
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= 100:
        errors.add(("custom_id",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    components = data.get("components")
    if not isinstance(components, list) or not 1 <= len(components) <= 5:
        errors.add(("components",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    else:
        _check_custom_ids(components, errors)
    errors.raise_if_any()


def check_commands(commands: list[dict[str, Any]]) -> None:
    """Validate a bulk overwrite of application commands the way Discord does (the basics)."""
    errors = ErrorTree()
    names: set[tuple[int, str]] = set()
    for i, cmd in enumerate(commands):
        ctype = cmd.get("type", 1)
        name = cmd.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 32:
            errors.add((i, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
            continue
        if ctype == 1 and (name != name.lower() or " " in name):
            errors.add((i, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if (ctype, name) in names:
            errors.add(
                (i, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        names.add((ctype, name))
        description = cmd.get("description", "")
        if ctype == 1 and not 1 <= len(description or "") <= 100:
            errors.add(
                (i, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        _check_options(cmd.get("options") or [], errors, (i, "options"))
    errors.raise_if_any()


def _check_options(
    options: list[dict[str, Any]], errors: ErrorTree, path: tuple[str | int, ...]
) -> None:
    if len(options) > 25:
        errors.too_long(path, 25)
    seen_optional = False
    for j, opt in enumerate(options):
        name = opt.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 32:
            errors.add(
                (*path, j, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
            )
        if not 1 <= len(opt.get("description") or "") <= 100:
            errors.add(
                (*path, j, "description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        choices = opt.get("choices") or []
        if len(choices) > 25:
            errors.too_long((*path, j, "choices"), 25)
        if opt.get("type") in (1, 2):
            _check_options(opt.get("options") or [], errors, (*path, j, "options"))
        elif opt.get("required"):
            if seen_optional:
                errors.add(
                    (*path, j, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
