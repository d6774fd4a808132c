/**
 * The chaos soak (issue 9): three carpd nodes, two vhids and seeded random faults in the
 * namespace lab, with the invariants checked every 250 ms.
 */
package org.carpd.cli.chaos;
