/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uart16550: the COM1 registers a 16550A driver relies on, checked through port I/O. Under hvkit-dm this is
 * its emulated UART, served over ioreqs; natively (tests/guests/run_native.sh) it is Bochs's 16550, which
 * shows that the expectations are a real UART's. Each check restores the UART before its line is printed:
 *   - LSR idle 0x60 (THRE | TEMT); SCR keeps what is written; IER keeps bits 3:0 and reads 0 above;
 *   - DLAB: DLL/DLM keep the divisor, THR/IER are back when DLAB is cleared;
 *   - FCR bit 0 shows as IIR bits 7:6; IIR 0x1 (nothing pending) with IER 0;
 *   - the THRE interrupt: enabling it with THR empty shows IIR 0x2, reading IIR clears it;
 *   - loopback: MCR LOOP with RTS/OUT2 reads as CTS/DCD in MSR (Linux's 8250 probe), with all four outputs
 *     as 0xF0; a byte written to THR comes back in RBR with LSR.DR and is not sent.
 */
#include "guest.h"

const char guest_name[] = "uart16550";

#define COM1 0x3f8u
enum { THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static uint8_t rd(unsigned r) { return inb((uint16_t)(COM1 + r)); }
static void wr(unsigned r, uint8_t v) { outb((uint16_t)(COM1 + r), v); }

static void lsr_idle(void)
{
	serial_flush();
	uint8_t lsr = 0;
	for (unsigned i = 0; i < 100000u && lsr != 0x60; i++)
		lsr = rd(LSR);
	check_hex("lsr idle thre temt", 0x60, lsr);
}

static void scratch(void)
{
	wr(SCR, 0x5a);
	uint8_t a = rd(SCR);
	wr(SCR, 0xa5);
	uint8_t b = rd(SCR);
	check_hex("scr 0x5a 0xa5", 0x5aa5, (uint32_t)a << 8 | b);
}

static void ier_bits(void)
{
	uint8_t saved = rd(IER);
	wr(IER, 0xff);
	uint8_t all = rd(IER);
	wr(IER, 0x00);
	uint8_t none = rd(IER);
	wr(IER, saved);
	check_hex("ier 0xff reads 0x0f", 0x0f, all);
	check_hex("ier 0x00 reads 0x00", 0x00, none);
}

static void divisor_latch(void)
{
	serial_flush(); /* not while a byte is sent at the divisor being changed */
	uint8_t lcr = rd(LCR), ier = rd(IER);
	wr(LCR, lcr | 0x80);
	uint8_t dll = rd(THR), dlm = rd(IER);
	wr(THR, 0x34);
	wr(IER, 0x12);
	uint8_t got_dll = rd(THR), got_dlm = rd(IER);
	wr(THR, dll);
	wr(IER, dlm);
	wr(LCR, lcr);
	uint8_t ier_after = rd(IER);
	check_hex("dlab dll dlm", 0x1234, (uint32_t)got_dlm << 8 | got_dll);
	check_hex("dlab cleared: ier back", ier, ier_after);
}

static void fifo_bits(void)
{
	serial_flush(); /* FCR 0x07 clears the transmit FIFO: what is still in it would be lost */
	wr(IER, 0);
	wr(FCR, 0x07);
	uint8_t on = rd(IIR);
	wr(FCR, 0x00);
	uint8_t off = rd(IIR);
	wr(FCR, 0x07);
	check_hex("iir with fifos on", 0xc1, on);
	check_hex("iir with fifos off", 0x01, off);
}

static void thre_interrupt(void)
{
	serial_flush();
	wr(IER, 0x02);
	uint8_t first = rd(IIR), second = rd(IIR);
	wr(IER, 0x00);
	check_hex("iir thre interrupt shown", 0x2, first & 0x0f);
	check_hex("iir thre interrupt cleared by the read", 0x1, second & 0x0f);
}

static void loopback(void)
{
	serial_flush();
	uint8_t mcr = rd(MCR);
	wr(MCR, 0x1a); /* LOOP | OUT2 | RTS */
	uint8_t m1 = rd(MSR) & 0xf0;
	wr(MCR, 0x1f);
	uint8_t m2 = rd(MSR) & 0xf0;
	wr(MCR, 0x13); /* LOOP | RTS | DTR */
	while (rd(LSR) & 0x01)
		(void)rd(THR);
	wr(THR, 'Z');
	uint8_t lsr = 0;
	for (unsigned i = 0; i < 100000u && !(lsr & 0x01); i++)
		lsr = rd(LSR);
	uint8_t rbr = rd(THR), lsr_after = rd(LSR);
	wr(MCR, mcr);
	(void)rd(MSR); /* clear the deltas */
	check_hex("loopback msr rts out2 -> cts dcd", 0x90, m1);
	check_hex("loopback msr all outputs", 0xf0, m2);
	check_hex("loopback lsr data ready", 0x01, lsr & 0x01);
	check_hex("loopback rbr", 'Z', rbr);
	check_hex("loopback lsr empty after the read", 0x00, lsr_after & 0x01);
}

void guest_main(void)
{
	lsr_idle();
	scratch();
	ier_bits();
	divisor_latch();
	fifo_bits();
	thre_interrupt();
	loopback();
}
