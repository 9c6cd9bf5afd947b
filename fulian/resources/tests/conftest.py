"""The resources tests write the dates of one year (a donation on 8 March 2027, a use on 1 May …): every
test here runs on 2027-06-15, whatever day the suite is run on; a test that needs another day sets it."""

import datetime

import pytest


@pytest.fixture(autouse=True)
def _day(clock):
    clock.set(datetime.date(2027, 6, 15))
