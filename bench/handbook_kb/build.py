#!/usr/bin/env python3
"""Build the Debian-handbook-based development set: bench/handbook_kb/kb/*.md and questions.jsonl.

Source: the French edition of the Debian Administrator's Handbook ("Le cahier de
l'administrateur Debian", Raphaël Hertzog and Roland Mas), read from the Debian package
debian-handbook (its chunked HTML under usr/share/doc/debian-handbook/html/fr-FR/).

    cd /tmp && apt-get download debian-handbook=11.20220922
    python bench/handbook_kb/build.py /tmp/debian-handbook_11.20220922_all.deb

The package's version and sha256 are pinned (VERSION, SHA256); another .deb is refused
unless --force.  The script is deterministic: the same .deb gives byte-identical files.
It uses only the standard library and `dpkg-deb`.

What it does, in order (see README.md for the reasons):
1. reads the HTML pages of the chapters in CHAPTERS from the package's data tarball;
2. takes each `sect1` (a "11.2. Serveur web (HTTP)" section, h2) as a page, split into its
   `sect2` sections when longer than SPLIT_WORDS; converts it to Markdown (headings from
   the sub-sections, paragraphs, lists, tables, code; no navigation, images, index
   terms, box labels);
3. keeps pages with >= MIN_WORDS words;
4. has bench/kb_builder.py pick up to 3 sub-section headings a page (4 from
   LONG_PAGE_WORDS) by RULES, untranslated English ones excepted, write kb/NNN-slug.md
   without the picked heading lines, then questions.jsonl (heading questions, then
   extra_questions.jsonl's, whose pages are named by their address relative to SITE).
"""

import sys
from pathlib import Path

# Run as a script, so bench/ (where the shared modules are) is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import debian_book  # noqa: E402

SERVICES = {  # plain tags of a page, by the file it comes from (others have none)
    "network-services": ["mail"],
    "sect.http-web-server": ["web"],
    "sect.ftp-file-server": ["ftp"],
    "sect.domain-name-servers": ["dns"],
    "sect.x509-cert": ["ssl"],
    "sect.backup": ["backups"],
    "sect.firewall-packet-filtering": ["security"],
    "sect.supervision": ["security"],
    "sect.dealing-with-compromised-machine": ["security"],
    "sect.other-security-considerations": ["security"],
    "sect.apparmor": ["security"],
    "sect.selinux": ["security"],
    "sect.virtual-private-network": ["vpn"],
    "sect.remote-login": ["ssh"],
}

# Chapters a hosting coop's volunteers administer servers with: migration, installation,
# packages and APT, troubleshooting, base configuration, Unix services, network
# infrastructure and services, advanced administration, security.  Left out: the Debian
# project and the book (1, 2), the workstation (13), packaging (15), the conclusion (16)
# and the appendices (derivatives, the remedial course).  Excluded files: desktop matters
# in the chosen chapters (printing, power management, hot-plugged devices).
BOOK = debian_book.Book(
    package="debian-handbook",
    version="11.20220922",
    sha256="3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa",
    html_dir="./usr/share/doc/debian-handbook/html/fr-FR/",
    site="https://debian-handbook.info/browse/fr-FR/stable/",
    chapters={3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14},
    excluded_files={"sect.config-printing.html", "sect.power-management.html", "sect.hotplug.html"},
    services=SERVICES,
)


def main():
    debian_book.main(BOOK, "hb-", __doc__, __file__)


if __name__ == "__main__":
    main()
