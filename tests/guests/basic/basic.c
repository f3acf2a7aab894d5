#include "guest.h"
const char guest_name[] = "basic";
void guest_main(void) {}
