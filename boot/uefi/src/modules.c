/* SPDX-License-Identifier: BSD-3-Clause */
#include "modules.h"

#include <efilib.h>

#include "cfg.h"
#include "cmdline.h"
#include "console.h"
#include "hv_place.h"
#include "volume.h"

static struct hvkit_cfg cfg; /* large: keep it off the firmware's stack */

static void copy_str(char *dst, const char *src, UINTN max)
{
	UINTN i = 0;
	for (; src[i] && i + 1 < max; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

static EFI_STATUS read_cfg(EFI_FILE_HANDLE root)
{
	EFI_PHYSICAL_ADDRESS base;
	UINT64 size;
	EFI_STATUS st = volume_load(root, "\\" HVKIT_CFG_FILE_NAME, &base, &size);

	SetMem(&cfg, sizeof(cfg), 0);
	if (st == EFI_NOT_FOUND) {
		efi_log(L"no \\%a on the volume: no modules\n", HVKIT_CFG_FILE_NAME);
		return EFI_SUCCESS;
	}
	if (EFI_ERROR(st))
		return efi_fail(st, L"cannot read \\%a", HVKIT_CFG_FILE_NAME);
	const char *why = hvkit_cfg_parse((const char *)(UINTN)base, size, &cfg);
	BS->FreePages(base, EFI_SIZE_TO_PAGES(size) ? EFI_SIZE_TO_PAGES(size) : 1);
	if (why)
		return efi_fail(EFI_INVALID_PARAMETER, L"\\%a line %d: %a", HVKIT_CFG_FILE_NAME, cfg.error_line, why);
	efi_log(L"read \\%a: %d module(s)%s\n", HVKIT_CFG_FILE_NAME, cfg.module_count,
		cfg.has_cmdline ? L", a command line" : L"");
	return EFI_SUCCESS;
}

static EFI_STATUS pick_cmdline(EFI_HANDLE image, struct boot_info *bi)
{
	EFI_LOADED_IMAGE *li;
	char opts[BOOT_CMDLINE_MAX];
	enum load_options_result r = LOAD_OPTIONS_NONE;

	if (!EFI_ERROR(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li)) && li->LoadOptions)
		r = load_options_to_cmdline(li->LoadOptions, li->LoadOptionsSize, opts, sizeof(opts));
	if (r == LOAD_OPTIONS_TOO_LONG)
		return efi_fail(EFI_INVALID_PARAMETER, L"the load options are longer than %d characters",
				BOOT_CMDLINE_MAX - 1);
	if (r == LOAD_OPTIONS_BINARY)
		efi_log(L"load options are not text: ignored\n");
	if (r == LOAD_OPTIONS_TEXT) {
		copy_str(bi->cmdline, opts, sizeof(bi->cmdline));
		efi_log(L"command line (from the load options): \"%a\"\n", bi->cmdline);
	} else if (cfg.has_cmdline) {
		copy_str(bi->cmdline, cfg.cmdline, sizeof(bi->cmdline));
		efi_log(L"command line (from \\%a): \"%a\"\n", HVKIT_CFG_FILE_NAME, bi->cmdline);
	} else {
		efi_log(L"command line: empty\n");
	}
	return EFI_SUCCESS;
}

static EFI_STATUS load_module(EFI_FILE_HANDLE root, unsigned i, struct boot_info *bi)
{
	char path[BOOT_MODULE_NAME_MAX + 2];
	EFI_PHYSICAL_ADDRESS base;
	UINT64 size;

	if (hvkit_cfg_module_path(cfg.module[i], path, sizeof(path)) != 0)
		return efi_fail(EFI_INVALID_PARAMETER, L"module path too long: %a", cfg.module[i]);
	EFI_STATUS st = volume_load(root, path, &base, &size);
	if (EFI_ERROR(st))
		return efi_fail(st, L"cannot load module %d \"%a\" (file %a)", i, cfg.module[i], path);

	st = hv_check_clear(L"a module", base, size ? size : 1);
	if (EFI_ERROR(st))
		return st;
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->start = base;
	m->end = base + size;
	copy_str(m->name, cfg.module[i], sizeof(m->name));
	efi_log(L"module %d: 0x%lx-0x%lx \"%a\"\n", i, m->start, m->end, m->name);
	return EFI_SUCCESS;
}

EFI_STATUS gather_cmdline_and_modules(EFI_HANDLE image, struct boot_info *bi)
{
	EFI_FILE_HANDLE root;
	EFI_STATUS st = volume_open_root(image, &root);

	if (EFI_ERROR(st))
		return st;
	st = read_cfg(root);
	if (!EFI_ERROR(st))
		st = pick_cmdline(image, bi);
	for (unsigned i = 0; !EFI_ERROR(st) && i < cfg.module_count; i++)
		st = load_module(root, i, bi);
	root->Close(root);
	return st;
}
