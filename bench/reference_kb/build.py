#!/usr/bin/env python3
"""Build the untuned set from the French Debian Reference: bench/reference_kb/kb and questions.

Source: the French translation of the Debian Reference (Osamu Aoki), read from the Debian
package debian-reference-fr (one HTML file per chapter under usr/share/debian-reference/).

    cd /tmp && apt-get download debian-reference-fr=2.100
    python bench/reference_kb/build.py /tmp/debian-reference-fr_2.100_all.deb

Built exactly as bench/handbook_kb is (bench/debian_book.py: one page per `sect1`, split
into its `sect2` sections past 5,000 words, pages of 150 words or more, up to 3 headings a
page as questions, 4 on pages of 1,000 words, with the handbook's heading rules), from
every chapter. The package's version and sha256 are pinned; another .deb is refused
unless --force. Deterministic; standard library and `dpkg-deb` only.
"""

import sys
from pathlib import Path

# Run as a script, so bench/ (where the shared modules are) is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import debian_book  # noqa: E402

BOOK = debian_book.Book(
    package="debian-reference-fr",
    version="2.100",
    sha256="01424cba9bfa2e13166da22d3d692d33a22ec7d8ef935ec81fd8802746087f65",
    html_dir="./usr/share/debian-reference/",
    site="https://www.debian.org/doc/manuals/debian-reference/",
    chapters=set(range(1, 13)),  # every chapter: the book is about running a Debian system
)


def main():
    debian_book.main(BOOK, "ref-", __doc__, __file__)


if __name__ == "__main__":
    main()
