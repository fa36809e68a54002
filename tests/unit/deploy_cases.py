"""Project shapes shared by the compose and Kubernetes tests (inline trees)."""

FLASK_APP = """\
import os

from flask import Flask

app = Flask(__name__)
DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")


@app.get("/")
def index():
    return "ok"
"""

CASES = {
    # A web app with a SQL database (SQLAlchemy on psycopg 3) and a cache.
    "web-postgres-redis": {
        ".python-version": "3.13\n",
        "requirements.txt": "flask==3.1.0\nsqlalchemy==2.0.36\npsycopg[binary]==3.2.3\nredis==5.2.1\n",
        "app.py": FLASK_APP,
        ".env.example": "POSTGRES_PASSWORD=change-me\n",
    },
    # A web app with a Celery worker on RabbitMQ (the broker URL names amqp).
    "celery-worker": {
        ".python-version": "3.13\n",
        "requirements.txt": "flask==3.1.0\ncelery==5.4.0\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "proj/__init__.py": "",
        "proj/tasks.py": (
            "import os\n\nfrom celery import Celery\n\n"
            "celery_app = Celery('proj', broker=os.environ.get('CELERY_BROKER_URL', 'amqp://guest@localhost//'))\n"
        ),
    },
    # DG2047: the worker's app declares a beat schedule: compose adds a beat service.
    "celery-beat": {
        ".python-version": "3.13\n",
        "requirements.txt": "flask==3.1.0\ncelery==5.4.0\nredis==5.2.1\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "proj/__init__.py": "",
        "proj/tasks.py": (
            "import os\n\nfrom celery import Celery\n\n"
            "celery_app = Celery('proj', broker=os.environ.get('REDIS_URL', 'redis://localhost:6379/0'))\n"
            "celery_app.conf.beat_schedule = {'nightly': {'task': 'proj.tasks.cleanup', 'schedule': 86400.0}}\n"
        ),
    },
    # A web app that needs nothing else.
    "plain-web": {
        ".python-version": "3.13\n",
        "requirements.txt": "flask==3.1.0\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    },
}
