-- 0007-employee-login: a login for an employee who is already on record
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- Employees often arrive before their logins: from an import, from the
-- demo data, or as people whose records someone else kept. Giving such an
-- employee a login keeps their id, so the records they own stay theirs
-- (rapport.employee_add() would make a second employee of the same name).

CREATE FUNCTION rapport.employee_grant_login(employee bigint, login text, password text, role text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  current_login text;
BEGIN
  PERFORM rapport.check_admin();
  PERFORM rapport.check_role_name(role);
  SELECT e.login INTO current_login FROM rapport.employees e WHERE e.id = employee FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no employee %', employee USING ERRCODE = 'no_data_found';
  END IF;
  IF current_login IS NOT NULL THEN
    RAISE EXCEPTION 'the employee already signs in as “%”', current_login USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF login IS NULL OR login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
    RAISE EXCEPTION 'the login “%” is not valid: use lower-case Latin letters, digits, “.”, “-” and “_”, starting with a letter', login
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF login LIKE 'rapport\_%' OR login LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'the login “%” is reserved', login USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT FROM rapport.employees e WHERE e.login = employee_grant_login.login) THEN
    RAISE EXCEPTION 'an employee with the login “%” already exists', login USING ERRCODE = 'unique_violation';
  END IF;
  IF EXISTS (SELECT FROM pg_roles r WHERE r.rolname = login) THEN
    IF password IS NOT NULL THEN
      RAISE EXCEPTION 'a database role named “%” already exists', login USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN', login);
  ELSIF password IS NULL THEN
    EXECUTE format('CREATE ROLE %I LOGIN', login);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, password);
  END IF;
  PERFORM rapport.set_group_role(login, role);

  UPDATE rapport.employees SET login = employee_grant_login.login, active = true WHERE id = employee;
END $$;

REVOKE ALL ON FUNCTION rapport.employee_grant_login(bigint, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport.employee_grant_login(bigint, text, text, text)
  TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
