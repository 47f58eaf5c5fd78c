"""famsupport: before- and after-session checklists for practitioners who support families of radicalised people."""

__version__ = "0.1.0"
