/** Views for managers: the routing policy table with its what-if (the flow editor comes later). */
package io.studioflow.flows.ui;
