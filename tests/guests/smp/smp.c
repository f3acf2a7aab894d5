#include "guest.h"
const char guest_name[] = "smp";
void guest_main(void) {}
