"""famsupport: before- and after-session checklists for practitioners who support families of radicalised people."""

import os as _os

__version__ = "0.1.0"

# famsupport uses no pydantic plugins; looking for them scans every installed package's
# metadata (~10 ms at each start). A user who sets the variable keeps their own choice.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
