package io.studioflow.review;

public class TaskNotFoundException extends RuntimeException {
    public TaskNotFoundException(String id) {
        super("no task with id " + id);
    }
}
