// Storage ports: availabilities, reservations, repo quota. Owned by sales engine I (issue 3).
export {};
