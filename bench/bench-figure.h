/* bench-figure.h — what a benchmark program measures and how it says so
 *
 * Each bench program prints its results on standard output as figure
 * lines, one per figure, tab-separated, which build-aux/bench turns into
 * its table and JSON:
 *
 *   figure <name> <value> <unit> <baseline> <baseline-is> <target> <pass>
 *
 * value and baseline are numbers ("-" when there is none), target is text
 * such as "< 50 ms" ("-" for none), pass is "yes", "no" or "-". Details
 * (per-kind breakdowns, the slowest queries and their plans) go to
 * standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* No value or no baseline. */
#define BENCH_NONE (-1.0)

/* Milliseconds since @start_us (a g_get_monotonic_time() reading). */
double      bench_ms_since (gint64 start_us);
/* The @p-th percentile (0–100, nearest rank) of an array of doubles;
 * BENCH_NONE for an empty one. @values is left as it was. */
double      bench_percentile (GArray *values,
                              double  p);
/* VmRSS of this process in MB (10^6 bytes), from /proc/self/status. */
double      bench_rss_mb (void);
/* Print one figure line (see above). @target may be NULL; @pass is TRUE,
 * FALSE or -1 for "no target". */
void        bench_figure (const char *name,
                          double      value,
                          const char *unit,
                          double      baseline,
                          const char *baseline_is,
                          const char *target,
                          int         pass);
/* The database conninfo: --database from @argv if given, else
 * $RAPPORT_BENCH_DATABASE; exits with a message when there is none. */
const char *bench_database (int    argc,
                            char **argv);
/* The value of "--@name VALUE" in @argv, or @fallback. */
const char *bench_option (int         argc,
                          char      **argv,
                          const char *name,
                          const char *fallback);

G_END_DECLS
