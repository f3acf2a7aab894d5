/* SPDX-License-Identifier: BSD-3-Clause */
/* Getting a DTB: read it, or have dtc compile a .dts into a pipe. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tool.h"

#define BLOB_MAX (16u << 20)

/* Read all of fd into a growing buffer. */
static void *read_all(int fd, size_t *size)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		ssize_t n;

		if (len == cap) {
			char *bigger = cap >= BLOB_MAX ? NULL : realloc(buf, cap * 2);

			if (bigger == NULL) {
				free(buf);
				fprintf(stderr, "hvkit-scenario: blob larger than %u bytes\n", BLOB_MAX);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
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
	*size = len;
	return buf;
}

static void *compile_dts(const char *path, size_t *size)
{
	const char *dtc = getenv("HVKIT_DTC");
	int fds[2], status;
	pid_t pid;
	void *blob;

	if (dtc == NULL || dtc[0] == '\0')
		dtc = "dtc";
	if (pipe(fds) != 0) {
		perror("hvkit-scenario: pipe");
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		perror("hvkit-scenario: fork");
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp(dtc, dtc, "-I", "dts", "-O", "dtb", path, (char *)NULL);
		fprintf(stderr, "hvkit-scenario: cannot run %s: %s\n", dtc, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	blob = read_all(fds[0], size);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "hvkit-scenario: %s: dtc failed\n", path);
		free(blob);
		return NULL;
	}
	return blob;
}

void *tool_load_blob(const char *path, size_t *size)
{
	size_t n = strlen(path);
	FILE *f;
	void *blob;

	if (n > 4 && strcmp(path + n - 4, ".dts") == 0)
		return compile_dts(path, size);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	blob = read_all(fileno(f), size);
	fclose(f);
	if (blob == NULL)
		fprintf(stderr, "hvkit-scenario: %s: cannot read\n", path);
	return blob;
}
