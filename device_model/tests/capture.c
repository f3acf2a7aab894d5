/* SPDX-License-Identifier: BSD-3-Clause */
#include "capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

void capture_sink(void *ctx, const char *text, size_t len)
{
	struct capture *c = ctx;
	if (c->len + len < sizeof(c->text)) {
		memcpy(c->text + c->len, text, len);
		c->len += len;
		c->text[c->len] = '\0';
	}
	c->calls++;
}

static char *log_buf;
static size_t log_size;

void log_capture_start(void)
{
	log_capture_stop();
	dm_log_stream = open_memstream(&log_buf, &log_size);
}

const char *log_captured(void)
{
	if (!dm_log_stream)
		return "";
	fflush(dm_log_stream);
	return log_buf ? log_buf : "";
}

void log_capture_stop(void)
{
	if (dm_log_stream) {
		fclose(dm_log_stream);
		dm_log_stream = NULL;
	}
	free(log_buf);
	log_buf = NULL;
	log_size = 0;
}

unsigned count_of(const char *haystack, const char *needle)
{
	unsigned n = 0;
	for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}
