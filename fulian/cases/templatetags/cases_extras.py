from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key] in a template (metric keys contain dots)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
