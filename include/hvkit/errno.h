/* SPDX-License-Identifier: BSD-3-Clause */
/* Error codes shared by hvkit's libraries and core: functions return 0 or a negative HV_E* value. */
#ifndef HVKIT_ERRNO_H
#define HVKIT_ERRNO_H

#define HV_EPERM 1     /* not permitted (policy) */
#define HV_ENOENT 2    /* no such entry / not mapped */
#define HV_EIO 5       /* the hardware reported a failure */
#define HV_ENOMEM 12   /* out of memory (pages, table memory, slots) */
#define HV_EBUSY 16    /* already in use / overlaps an existing mapping */
#define HV_EEXIST 17   /* already exists */
#define HV_ENODEV 19   /* the hardware lacks the feature */
#define HV_EINVAL 22   /* malformed or misaligned argument */
#define HV_ERANGE 34   /* out of range (address width, index) */
#define HV_ENOSYS 38   /* not implemented on this configuration */
#define HV_ETIMEDOUT 110 /* the hardware did not answer in time */

#endif
