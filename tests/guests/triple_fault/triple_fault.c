#include "guest.h"
const char guest_name[] = "triple_fault";
void guest_main(void) {}
