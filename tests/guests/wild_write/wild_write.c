#include "guest.h"
const char guest_name[] = "wild_write";
void guest_main(void) {}
