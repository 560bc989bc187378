/** Expert enhancement: the human tasks (review, retake), claims and decisions. */
package io.studioflow.review;
