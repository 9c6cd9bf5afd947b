"""{% load fulian_format %}: numbers in templates as the rest of the site writes them (core/formatting.py).

{{ amount|money }}        87,000.00 (— when empty)
{{ amount|wan }}          8.7万元
{{ n|number }}            92,722 (— when empty)
{{ value|figure:kind }}   a statistics figure by its kind (money / count / share)
{{ value|change:kind }}   +1,163 / -72 (empty when it cannot be computed)
    {{ value|with_measure:m }} 85%, 12/10万 (a rate written 1/10万 takes the value in place of the 1)
"""

from django import template

from fulian.core import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("wan", formatting.wan)
register.filter("number", formatting.number)
register.filter("figure", formatting.figure)
register.filter("change", formatting.change)
register.filter("with_measure", formatting.with_measure)
