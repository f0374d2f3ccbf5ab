"""drafter: cited parliamentary correspondence from a sourced fact base."""

__version__ = "0.1.0"
