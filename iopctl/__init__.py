"""iopctl: Swedish IOP agreements (idéburet offentligt partnerskap) kept as code."""

__version__ = "0.1.0"
