-- 0009-products: the catalogue of products and services (S5) and sales (S4)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- Products and services: what the agency sells (air and rail tickets,
-- insurance policies, visa support, transfers…) with a unit, a list price
-- and a VAT rate. Seed 004: «только одному пользователю позволяется
-- изменять каталог продуктов и услуг» — an administrator names the
-- catalogue's editors in Users and Roles → Modules (rapport.module_editors);
-- everyone reads the whole catalogue.
--
-- Sales: a product sold to an account on a date, its quantity and amount.
-- Sums are kopecks in bigint columns (CRM_FIELD_MONEY). A sale's amount is
-- money withheld from managers and read-only users like an account's
-- annual revenue; a product's price is a list price anyone may read.

CREATE TABLE rapport.products (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer     NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  owner_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom      jsonb       NOT NULL DEFAULT '{}',
  code        text,
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  unit        text,
  price       bigint CHECK (price >= 0),
  vat_rate    text CHECK (vat_rate IN ('vat20', 'vat10', 'vat0', 'none')),
  active      boolean     NOT NULL DEFAULT true,
  description text,
  search_name text        NOT NULL DEFAULT '',
  search_text text        NOT NULL DEFAULT ''
);

CREATE FUNCTION rapport.products_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, NEW.code, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER products_search BEFORE UPDATE ON rapport.products
  FOR EACH ROW EXECUTE FUNCTION rapport.products_search();
CREATE TRIGGER products_search_new BEFORE INSERT ON rapport.products
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.products_search();

SELECT rapport.attach_record_triggers('rapport.products');

CREATE UNIQUE INDEX products_code ON rapport.products (lower(code)) WHERE code IS NOT NULL;
CREATE INDEX products_search_text ON rapport.products USING gin (search_text gin_trgm_ops);
CREATE INDEX products_search_name ON rapport.products (search_name text_pattern_ops, id);

CREATE TABLE rapport.sales (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer     NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  owner_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom      jsonb       NOT NULL DEFAULT '{}',
  account_id  bigint      NOT NULL REFERENCES rapport.accounts (id) ON DELETE CASCADE,
  product_id  bigint REFERENCES rapport.products (id) ON DELETE SET NULL,
  sale_date   date,
  quantity    bigint CHECK (quantity > 0),
  amount      bigint CHECK (amount >= 0),
  comments    text,
  search_name text        NOT NULL DEFAULT '',
  search_text text        NOT NULL DEFAULT ''
);

-- A sale is found by its account's and product's names and its comment.
CREATE FUNCTION rapport.sales_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  account text;
  product text;
BEGIN
  SELECT a.name INTO account FROM rapport.accounts a WHERE a.id = NEW.account_id;
  SELECT p.name INTO product FROM rapport.products p WHERE p.id = NEW.product_id;
  NEW.search_name := rapport.search_norm(concat_ws(' ', product, account));
  NEW.search_text := rapport.search_norm(concat_ws(' ', product, account, NEW.comments));
  RETURN NEW;
END $$;
CREATE TRIGGER sales_search BEFORE INSERT OR UPDATE ON rapport.sales
  FOR EACH ROW EXECUTE FUNCTION rapport.sales_search();

SELECT rapport.attach_record_triggers('rapport.sales');

CREATE INDEX sales_account ON rapport.sales (account_id, sale_date);
CREATE INDEX sales_product ON rapport.sales (product_id);
CREATE INDEX sales_owner ON rapport.sales (owner_id);
CREATE INDEX sales_date ON rapport.sales (sale_date, id);
CREATE INDEX sales_search_text ON rapport.sales USING gin (search_text gin_trgm_ops);
CREATE INDEX sales_search_name ON rapport.sales (search_name text_pattern_ops, id);

-- ---- Money: a sale's amount joins the account's annual revenue -----------

CREATE OR REPLACE FUNCTION rapport.money_columns() RETURNS TABLE (table_name text, column_name text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('accounts', 'annual_revenue'), ('sales', 'amount')
$$;

SELECT rapport.secure_table('rapport.accounts');
SELECT rapport.secure_table('rapport.products');
SELECT rapport.secure_table('rapport.sales');

-- The catalogue is everyone's to read, whoever added a product (a new
-- record is its creator's, and would otherwise be hidden from other
-- departments). Changing it stays with the module's editors.
DROP POLICY records_select ON rapport.products;
CREATE POLICY records_select ON rapport.products FOR SELECT USING (true);
