/**
 * Views for managers: the flow editor (deployed versions, the bpmn-js modeler with a properties panel,
 * validate, deploy, compare, roll back) and the routing policy table with its what-if.
 */
package io.studioflow.flows.ui;
