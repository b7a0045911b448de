/* testutil.h: shared by the cmocka tests. */
#ifndef SAYSO_TESTUTIL_H
#define SAYSO_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#endif
