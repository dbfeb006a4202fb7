-- Failed sign-ins, counted per login and per client address (`scope` 'login' or 'address') in a
-- fixed window that starts at the first failure; a success deletes the rows of its login and
-- address. In the database, so every process of a cluster counts the same failures.
CREATE TABLE login_failures (
    scope        TEXT NOT NULL,
    subject      TEXT NOT NULL,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    PRIMARY KEY (scope, subject)
);
