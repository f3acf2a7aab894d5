/* SPDX-License-Identifier: BSD-3-Clause */
#include "volume.h"

#include <efilib.h>

#include "console.h"

#define PATH_MAX_CHARS 256

EFI_STATUS volume_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return efi_fail(st, L"no loaded-image protocol on the loader");
	*root = LibOpenRoot(li->DeviceHandle);
	if (!*root)
		return efi_fail(EFI_NOT_FOUND, L"cannot open the loader's volume (no simple file system on it)");
	return EFI_SUCCESS;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE f, void *buf, UINT64 size)
{
	UINT8 *p = buf;
	while (size > 0) {
		UINTN n = size;
		EFI_STATUS st = f->Read(f, &n, p);
		if (EFI_ERROR(st))
			return st;
		if (n == 0)
			return EFI_END_OF_FILE;
		p += n;
		size -= n;
	}
	return EFI_SUCCESS;
}

/* The ASCII path as the UCS-2 string the file protocol takes, cut to PATH_MAX_CHARS - 1. */
static void to_wide(const char *path, CHAR16 *wpath)
{
	UINTN i = 0;
	for (; path[i] && i + 1 < PATH_MAX_CHARS; i++)
		wpath[i] = (CHAR16)(UINT8)path[i];
	wpath[i] = 0;
}

static EFI_STATUS file_size(EFI_FILE_HANDLE f, UINT64 *size)
{
	EFI_FILE_INFO *info = LibFileInfo(f);
	if (!info)
		return EFI_DEVICE_ERROR;
	*size = info->FileSize;
	FreePool(info);
	return EFI_SUCCESS;
}

EFI_STATUS volume_load(EFI_FILE_HANDLE root, const char *path, EFI_PHYSICAL_ADDRESS *base, UINT64 *size)
{
	CHAR16 wpath[PATH_MAX_CHARS];
	EFI_FILE_HANDLE f;

	to_wide(path, wpath);
	EFI_STATUS st = root->Open(root, &f, wpath, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return st;
	st = file_size(f, size);
	if (EFI_ERROR(st)) {
		f->Close(f);
		return st;
	}

	UINTN pages = EFI_SIZE_TO_PAGES(*size) ? EFI_SIZE_TO_PAGES(*size) : 1;
	*base = 0xffffffffull;
	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages, base);
	if (EFI_ERROR(st)) {
		f->Close(f);
		return st;
	}
	SetMem((void *)(UINTN)*base, pages * EFI_PAGE_SIZE, 0);
	st = read_all(f, (void *)(UINTN)*base, *size);
	f->Close(f);
	if (EFI_ERROR(st))
		BS->FreePages(*base, pages);
	return st;
}
