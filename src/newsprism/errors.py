"""newsprism's exceptions. Every message names the input and says what to do.

    NewsprismError
    ├── InputError            an input file or record cannot be read as articles
    │   ├── UnsupportedFormat     no reader recognises it (binary, unknown extension)
    │   ├── DecodeError           bytes that no supported encoding decodes
    │   ├── MalformedInput        broken HTML/JSON/CSV/XML, XML entity bombs
    │   └── InputTooLarge         over the configured size limit
    ├── StoreError            the article store cannot be opened or is from a newer version
    ├── ConfigError           a bad configuration file or option value
    ├── NotFound              an article or story id that the store does not hold
    └── MissingDependency     an optional extra is not installed
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UnsupportedFormat(InputError):
    pass


class DecodeError(InputError):
    pass


class MalformedInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class StoreError(NewsprismError):
    pass


class ConfigError(NewsprismError):
    pass


class NotFound(NewsprismError):
    pass


class MissingDependency(NewsprismError):
    pass
