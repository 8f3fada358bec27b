/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dwarf-const.h - elfutils' <dwarf.h> (DW_TAG_*, DW_AT_*, DW_OP_*).
 *
 * kpdb's own include/dwarf.h shadows the system header of the same name,
 * so the resolver reaches elfutils' one through here: #include_next starts
 * searching after this directory.  Only src/dwarf*.c include it.
 */
#ifndef KPDB_DWARF_CONST_H
#define KPDB_DWARF_CONST_H

#include_next <dwarf.h>

#endif
