/* SPDX-License-Identifier: BSD-3-Clause */
/* A host program that uses two hvkit libraries, lib/ept and lib/vlapic, through their installed API. */
#include "consumer.h"

#include <hvkit/platform.h>
#include <stdio.h>

int main(void)
{
	printf("consumer: hvkit platform interface %d.%d\n", HVKIT_PLATFORM_VERSION_MAJOR,
	       HVKIT_PLATFORM_VERSION_MINOR);
	ept_demo();
	vlapic_demo();
	check_u64("pages still allocated at the end", 0, consumer_pages_in_use());
	if (check_failures() != 0) {
		printf("consumer: FAIL (%u checks failed)\n", check_failures());
		return 1;
	}
	printf("consumer: PASS\n");
	return 0;
}
