"""Synthetic histories in the seeds' style, with their ground truth: the benchmark's and tests' corpus."""

from .generate import SCALES, department_names, generate, write_corpus
from .model import Bulletin

__all__ = ["SCALES", "Bulletin", "department_names", "generate", "write_corpus"]
