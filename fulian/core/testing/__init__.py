"""Helpers for the apps' tests (imported by tests only, never at run time)."""
