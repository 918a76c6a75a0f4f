package dev.parley.core.model;

import java.util.List;

/** One page of a listing; {@code cursor} is absent on the last page. */
public record Page<T>(List<T> items, String cursor) {
    public Page {
        items = List.copyOf(items);
    }
}
