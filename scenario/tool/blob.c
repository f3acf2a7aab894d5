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

/* Read all of fd into a growing buffer (one spare byte for a terminating NUL). */
static char *read_all(int fd, size_t *size)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *bigger = cap >= BLOB_MAX ? NULL : realloc(buf, cap * 2);

			if (bigger == NULL) {
				free(buf);
				fprintf(stderr, "hvkit-scenario: larger than %u bytes\n", BLOB_MAX);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
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
static int report_dtc_line(const char *path, char *ln)
{
	static const char *const noise[] = { "Unable to parse input tree", "Input tree has errors",
					     "Failed prerequisite" };
	const char *kind = "error";
	char *loc, *rest, *p;
	long line;

	if (*ln == '\0')
		return 0;
	for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (strstr(ln, noise[i]) != NULL)
			return 0;
	if (strncmp(ln, "Error: ", 7) == 0)
		ln += 7;
	else if (strncmp(ln, "FATAL ERROR: ", 13) == 0) {
		fprintf(stderr, "%s: %s\n", path, ln + 13);
		return 1;
	}
	loc = strstr(ln, path);
	if (loc != ln || ln[strlen(path)] != ':') {
		fprintf(stderr, "%s: %s\n", path, ln);
		return 1;
	}
	p = ln + strlen(path) + 1;
	line = strtol(p, &rest, 10);
	while (*rest != '\0' && *rest != ' ' && *rest != ':')
		rest++;                     /* ".COL-COL" */
	while (*rest == ':' || *rest == ' ')
		rest++;
	if (strncmp(rest, "Warning (", 9) == 0)
		kind = "warning";
	if (strncmp(rest, "Warning (", 9) == 0 || strncmp(rest, "ERROR (", 7) == 0) {
		rest = strchr(rest, ')');   /* drop dtc's check name */
		rest = rest != NULL ? rest + 1 : ln;
		while (*rest == ':' || *rest == ' ')
			rest++;
	}
	fprintf(stderr, "%s:%ld: %s%s%s\n", path, line, strcmp(kind, "error") == 0 ? "" : kind,
		strcmp(kind, "error") == 0 ? "" : ": ", rest);
	return strcmp(kind, "error") == 0;
}

static void report_dtc(const char *path, char *text)
{
	char *save = NULL;

	for (char *ln = strtok_r(text, "\n", &save); ln != NULL; ln = strtok_r(NULL, "\n", &save))
		report_dtc_line(path, ln);
}

static int compile_dts(const char *path, void **out, size_t *size)
{
	const char *dtc = getenv("HVKIT_DTC");
	FILE *errs = tmpfile();
	int fds[2], status;
	pid_t pid;
	char *blob, *msgs;
	size_t msg_len = 0;

	if (dtc == NULL || dtc[0] == '\0')
		dtc = "dtc";
	if (errs == NULL || pipe(fds) != 0) {
		perror("hvkit-scenario: pipe");
		return TOOL_UNREADABLE;
	}
	pid = fork();
	if (pid < 0) {
		perror("hvkit-scenario: fork");
		return TOOL_UNREADABLE;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fileno(errs), STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp(dtc, dtc, "-I", "dts", "-O", "dtb", path, (char *)NULL);
		fprintf(stdout, "cannot run %s: %s\n", dtc, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	blob = read_all(fds[0], size);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rewind(errs);
	msgs = read_all(fileno(errs), &msg_len);
	fclose(errs);
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
	if (is_blank(data, n) || is_binary(data, n)) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path,
			is_blank(data, n) ? "empty file (a scenario is a .dts text or a .dtb)"
					  : "binary file that is not a device tree blob (no DTB magic d00dfeed)");
		free(data);
		return TOOL_UNREADABLE;
	}
	free(data);
	return compile_dts(path, out, size);
}
