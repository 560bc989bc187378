/** The BPMN flows and DMN decisions in {@code processes/}: deployment, starting, variables. */
package io.studioflow.flows;
