/* The exit codes of every command, in one place. */
#ifndef ING2GW_CLI_EXITCODE_H
#define ING2GW_CLI_EXITCODE_H

enum cli_exit {
	EXIT_CLEAN = 0,		/* done, nothing at or above --fail-on */
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_ERROR = 2,		/* usage or input error; nothing on stdout */
};

#endif
