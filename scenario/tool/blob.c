/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Getting a DTB: read the file, tell a DTB from a .dts text by its first bytes,
 * and have dtc compile a text into a pipe, its messages rewritten as FILE:LINE: message.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tool.h"

#define BLOB_MAX (16u << 20)

/* Double the buffer, up to BLOB_MAX; on failure it is freed and NULL returned. */
static char *grow(char *buf, size_t *cap)
{
	char *bigger = *cap >= BLOB_MAX ? NULL : realloc(buf, *cap * 2);

	if (bigger == NULL) {
		free(buf);
		fprintf(stderr, "hvkit-scenario: larger than %u bytes\n", BLOB_MAX);
		return NULL;
	}
	*cap *= 2;
	return bigger;
}

/* read(2), again when a signal interrupted it. */
static ssize_t read_retrying(int fd, char *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Read all of fd into a growing buffer (one spare byte for a terminating NUL). */
static char *read_all(int fd, size_t *size)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		ssize_t n;

		if (len + 1 >= cap && (buf = grow(buf, &cap)) == NULL)
			return NULL;
		n = read_retrying(fd, buf + len, cap - len - 1);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (buf != NULL)
		buf[len] = '\0';
	*size = len;
	return buf;
}

/* Only whitespace (or nothing at all). */
static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n\f\v", s[i]))
			return 0;
	return 1;
}

/* A NUL or a control character other than whitespace: not a .dts text. */
static int is_binary(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0 || (c < 0x20 && !strchr("\t\r\n\f\v\x1b", (int)c)) || c == 0x7f)
			return 1;
	}
	return 0;
}

/*
 * dtc's messages name "FILE:LINE.COL-COL" (dtc 1.6); say "FILE:LINE: message" instead.
 * The summary lines dtc adds after located errors ("Unable to parse input tree",
 * "Input tree has errors") and its checks' follow-ups on the output file are dropped.
 */
static int dtc_noise(const char *ln)
{
	static const char *const noise[] = { "Unable to parse input tree", "Input tree has errors",
					     "Failed prerequisite" };

	for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (strstr(ln, noise[i]) != NULL)
			return 1;
	return 0;
}

/* The line starts with "FILE:". */
static int located(const char *ln, const char *path)
{
	size_t n = strlen(path);

	return strncmp(ln, path, n) == 0 && ln[n] == ':';
}

/* Past the line number: skip ".COL-COL" and the separators after it. */
static char *after_location(char *rest)
{
	while (*rest != '\0' && *rest != ' ' && *rest != ':')
		rest++;
	while (*rest == ':' || *rest == ' ')
		rest++;
	return rest;
}

/* "Warning (check): msg" or "ERROR (check): msg" without dtc's check name; *warning tells which. */
static char *drop_check_name(char *rest, char *ln, int *warning)
{
	*warning = strncmp(rest, "Warning (", 9) == 0;
	if (!*warning && strncmp(rest, "ERROR (", 7) != 0)
		return rest;
	rest = strchr(rest, ')');
	rest = rest != NULL ? rest + 1 : ln;
	while (*rest == ':' || *rest == ' ')
		rest++;
	return rest;
}

static int report_dtc_line(const char *path, char *ln)
{
	char *rest;
	long line;
	int warning;

	if (*ln == '\0' || dtc_noise(ln))
		return 0;
	if (strncmp(ln, "Error: ", 7) == 0)
		ln += 7;
	else if (strncmp(ln, "FATAL ERROR: ", 13) == 0) {
		fprintf(stderr, "%s: %s\n", path, ln + 13);
		return 1;
	}
	if (!located(ln, path)) {
		fprintf(stderr, "%s: %s\n", path, ln);
		return 1;
	}
	line = strtol(ln + strlen(path) + 1, &rest, 10);
	rest = drop_check_name(after_location(rest), ln, &warning);
	fprintf(stderr, "%s:%ld: %s%s\n", path, line, warning ? "warning: " : "", rest);
	return !warning;
}

static void report_dtc(const char *path, char *text)
{
	char *save = NULL;

	for (char *ln = strtok_r(text, "\n", &save); ln != NULL; ln = strtok_r(NULL, "\n", &save))
		report_dtc_line(path, ln);
}

static const char *dtc_command(void)
{
	const char *dtc = getenv("HVKIT_DTC");

	return dtc == NULL || dtc[0] == '\0' ? "dtc" : dtc;
}

/* Start dtc on path: the blob to the pipe fds, messages to errs. Returns the child's pid (< 0: fork failed). */
static pid_t spawn_dtc(const char *dtc, const char *path, int fds[2], FILE *errs)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	dup2(fds[1], STDOUT_FILENO);
	dup2(fileno(errs), STDERR_FILENO);
	close(fds[0]);
	close(fds[1]);
	execlp(dtc, dtc, "-I", "dts", "-O", "dtb", path, (char *)NULL);
	fprintf(stdout, "cannot run %s: %s\n", dtc, strerror(errno));
	_exit(127);
}

/* What dtc's exit status, output and messages mean: the blob, invalid input (reported), or dtc not run. */
static int dtc_outcome(const char *path, const char *dtc, int status, char *blob, char *msgs, void **out)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		fprintf(stderr, "hvkit-scenario: %s: could not run dtc (%s): %s", path, dtc,
			blob != NULL ? blob : "\n");
		free(blob);
		free(msgs);
		return TOOL_UNREADABLE;
	}
	if (msgs != NULL)
		report_dtc(path, msgs);
	free(msgs);
	if (WEXITSTATUS(status) != 0 || blob == NULL) {
		free(blob);
		return TOOL_INVALID;
	}
	*out = blob;
	return TOOL_OK;
}

static int compile_dts(const char *path, void **out, size_t *size)
{
	const char *dtc = dtc_command();
	FILE *errs = tmpfile();
	int fds[2], status;
	pid_t pid;
	char *blob, *msgs;
	size_t msg_len = 0;

	if (errs == NULL || pipe(fds) != 0) {
		perror("hvkit-scenario: pipe");
		return TOOL_UNREADABLE;
	}
	pid = spawn_dtc(dtc, path, fds, errs);
	if (pid < 0) {
		perror("hvkit-scenario: fork");
		return TOOL_UNREADABLE;
	}
	close(fds[1]);
	blob = read_all(fds[0], size);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rewind(errs);
	msgs = read_all(fileno(errs), &msg_len);
	fclose(errs);
	return dtc_outcome(path, dtc, status, blob, msgs, out);
}

/* Why a file that is no DTB cannot be a .dts text either, or NULL. */
static const char *not_a_scenario(const char *data, size_t n)
{
	if (is_blank(data, n))
		return "empty file (a scenario is a .dts text or a .dtb)";
	if (is_binary(data, n))
		return "binary file that is not a device tree blob (no DTB magic d00dfeed)";
	return NULL;
}

int tool_load_blob(const char *path, void **out, size_t *size)
{
	static const unsigned char fdt_magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n = 0;

	*out = NULL;
	if (f == NULL) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path, strerror(errno));
		return TOOL_UNREADABLE;
	}
	data = read_all(fileno(f), &n);
	fclose(f);
	if (data == NULL) {
		fprintf(stderr, "hvkit-scenario: %s: cannot read it\n", path);
		return TOOL_UNREADABLE;
	}
	if (n >= 4 && memcmp(data, fdt_magic, 4) == 0) {
		*out = data;
		*size = n;
		return TOOL_OK;
	}
	const char *why = not_a_scenario(data, n);
	if (why != NULL) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path, why);
		free(data);
		return TOOL_UNREADABLE;
	}
	free(data);
	return compile_dts(path, out, size);
}
