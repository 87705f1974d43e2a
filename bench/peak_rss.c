/*
 * peak_rss: run a command with its stdout on /dev/null and print
 *
 *	SECONDS MAXRSS_KIB STATUS [CPU_SECONDS]
 *
 * SECONDS is the wall time from fork to reaping, MAXRSS_KIB the child's
 * peak resident set (ru_maxrss from wait4), STATUS its exit code or
 * "sigN" when a signal killed it. With -c, CPU_SECONDS follows: the
 * child's user and system time, which other work on the machine changes
 * far less than the wall time. The child's stderr is inherited.
 * peak_rss itself exits 0 once it has a measurement, 2 on usage errors and
 * 1 when the command cannot be started.
 *
 * usage: peak_rss [-c|--cpu] COMMAND [ARG...]
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	int status;
	bool cpu = argc > 1 && (!strcmp(argv[1], "-c") ||
	    !strcmp(argv[1], "--cpu"));
	char extra[64] = "";

	if (cpu) {
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: peak_rss [-c] COMMAND [ARG...]\n");
		return 2;
	}
	fflush(NULL);
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("peak_rss: fork");
		return 1;
	}
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		close(fd);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "peak_rss: cannot run '%s': %s\n", argv[1],
			strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("peak_rss: wait4");
			return 1;
		}
	}
	if (cpu)
		snprintf(extra, sizeof(extra), " %.6f",
			(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
			1e6);
	if (WIFSIGNALED(status))
		printf("%.6f %ld sig%d%s\n", now() - t0, ru.ru_maxrss,
			WTERMSIG(status), extra);
	else
		printf("%.6f %ld %d%s\n", now() - t0, ru.ru_maxrss,
			WEXITSTATUS(status), extra);
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 1 : 0;
}
