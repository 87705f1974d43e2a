/*
 * parse_only: the baseline for the convert benchmark. Reads FILE into
 * memory, as ing2gw does, then times libyaml's event parser over it
 * (yaml_parser_parse until the stream ends, no tree, no copies) and prints
 *
 *	SECONDS BYTES EVENTS CPU_SECONDS
 *
 * SECONDS is the best wall time of REPEAT runs (default 3), CPU_SECONDS
 * the best CPU time of this process for one run (which other work on
 * the machine changes less); reading the file is not timed. Exit 1 when
 * the file cannot be read or parsed, 2 on usage errors.
 *
 * usage: parse_only [-r REPEAT] FILE
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

static int
read_file(const char *path, unsigned char **out, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	if (!f)
		goto out;
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 1 << 20;
			p = xrealloc(p, cap);
		}
		n = fread(p + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f))
		goto out;
	*out = p;
	*len_out = len;
	p = NULL;
	rc = 0;
out:
	if (f)
		fclose(f);
	free(p);
	return rc;
}

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* One full pass; the number of events through *events_out. */
static int
parse_once(const unsigned char *buf, size_t len, size_t *events_out)
{
	yaml_parser_t parser;
	yaml_event_t event;
	size_t events = 0;
	int rc = -1;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "parse_only: %s at line %zu\n",
				parser.problem ? parser.problem : "parse error",
				parser.problem_mark.line + 1);
			goto out;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		events++;
	}
	*events_out = events;
	rc = 0;
out:
	yaml_parser_delete(&parser);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned char *buf = NULL;
	size_t len = 0, events = 0;
	long repeat = 3;
	double best = -1, best_cpu = -1;
	const char *path;
	int rc = 1;

	if (argc == 4 && !strcmp(argv[1], "-r")) {
		repeat = strtol(argv[2], NULL, 10);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || repeat < 1) {
		fprintf(stderr, "usage: parse_only [-r REPEAT] FILE\n");
		return 2;
	}
	path = argv[1];
	if (read_file(path, &buf, &len)) {
		fprintf(stderr, "parse_only: cannot read '%s'\n", path);
		goto out;
	}
	for (long i = 0; i < repeat; i++) {
		double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		double t, c;

		if (parse_once(buf, len, &events))
			goto out;
		t = now() - t0;
		c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (best < 0 || t < best)
			best = t;
		if (best_cpu < 0 || c < best_cpu)
			best_cpu = c;
	}
	printf("%.6f %zu %zu %.6f\n", best, len, events, best_cpu);
	rc = 0;
out:
	free(buf);
	return rc;
}
