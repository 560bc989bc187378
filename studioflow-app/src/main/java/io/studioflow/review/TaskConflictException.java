package io.studioflow.review;

/** The task is not in a state that allows this (someone else holds it, it is done already): a 409. */
public class TaskConflictException extends RuntimeException {
    public TaskConflictException(String message) {
        super(message);
    }
}
